"""English red flags by concept, widened after the third fresh batch (utterances_dev_fresh3.jsonl, written by
an engineer who never saw the rules) and the held-out file kept out of tuning and training. Every phrasing
here was written for this file, not taken from a dataset file (a test checks that), and is heard with the
learned stage off, so it tests the rules themselves.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# Concepts widened: the kinds of words a clinician would list, each in words of this file.
WIDENED = [
    ("chest_pain", "feels like my ribs are being crushed in a vise"),
    ("chest_pain", "a sharp pain under my left breast that goes through to my back"),
    ("shortness_of_breath", "I'm short of air just sitting here"),
    ("fainting", "the room went all grey and then I was on the kitchen floor"),
    ("fainting", "boom, next minute she was lying on the bathroom tiles"),
    ("fainting", "she keeled right over at the sink"),
    ("fainting", "my legs went from under me and I don't remember falling"),
    ("fainting", "it took him a good minute to come round"),
    ("fainting", "I think I lost the conscience for a moment"),
    ("cyanosis", "his lips have gone a slate sort of colour"),
    ("stroke", "his words are coming out all jumbled and wrong"),
    ("stroke", "my left arm feels like it's not mine, it just went all of a sudden"),
    ("stroke", "suddenly I can't feel my left arm and my face feels weird on that side"),
    ("self_harm", "honestly it would be better if I just died"),
    ("self_harm", "I wish I just wouldn't wake up tomorrow"),
    ("self_harm", "I've been thinking it would be easier if I just wasn't around anymore"),
    ("bleeding_uncontrolled", "it's spraying out of the port site"),
    ("bleeding_uncontrolled", "the blood keeps welling up faster than I can mop it"),
    ("bleeding_uncontrolled", "I've been pressing on it for fifteen minutes and it's still pouring"),
    ("wound_infection", "the dressing has a nasty smell when I peel it back"),
    ("wound_infection", "the redness round the scar is spreading out towards my hip"),
    ("wound_opening", "the edges of the incision have come away from each other"),
    ("wound_opening", "the skin glue came off and there's a gap now"),
    ("bleeding_soaked_dressing", "his dressing is all red and wet right through"),
    ("bleeding_soaked_dressing", "there was blood all over the sheets this morning from the bandage"),
    ("skin_damage", "the skin where the nurse put the drip in has gone black"),
    ("uncontrolled_pain", "even with the oxycodone I'm doubled over"),
    ("urinary_retention", "I've sat on the loo for an hour and not a drop"),
    ("urinary_retention", "I haven't been able to go since they took the catheter out"),
    ("urinary_retention", "havnt peed since lunch and my bladders about to burst"),
    ("urinary_retention", "I keep trying to wee but only a trickle comes"),
    ("urinary_retention", "I'm not emptying properly, only dribbles"),
    ("vomiting_no_fluids", "I sip some ginger ale and it all comes straight back up"),
    ("vomiting_no_fluids", "he won't keep his juice down, he's been sick seven times"),
    ("child_dehydration", "her eyes look sunken and she's so sleepy"),
    ("medication_reaction", "my feet have been puffing up ever since I started on the new blood pressure tablet"),
    ("medication_overdose", "I forgot I had already taken my dose so I took it again"),
    ("medication_overdose", "I took percocet, then tylenol, and the percocet has tylenol in it too, then more"),
]

# A caregiver naming the patient's post-operative things speaks about the patient.
CAREGIVER = [
    ("wound_infection", "my husband's incision is leaking green pus"),
    ("wound_opening", "my wife's stitches have burst open"),
    ("bleeding_soaked_dressing", "my dad's bandage is soaked with blood"),
    ("medication_overdose", "my mom took her pain pills twice by mistake"),
    ("uncontrolled_pain", "my husband's pain tablets aren't helping at all"),
    ("urinary_retention", "since his operation my husband can't pee"),
    ("self_harm", "my wife keeps saying she wants to die since the surgery"),
]

NOT_URGENT_BECAUSE = [
    # someone else, whatever post-operative words are said
    ("other_person", "my husband's incision got infected, but I'm fine, I'm the patient"),
    ("other_person", "my wife's stitches came open after her surgery, but that's her, I'm the patient"),
    ("other_person", "my buddy passed out at the pub last night"),
    ("other_person", "my dad's chest hurts sometimes but he has his own cardiologist"),
    # history, questions and benign explanations
    ("historical", "My mother had chest pain before her operation but not since"),
    ("hypothetical", "can I take an extra pain pill if the pain gets worse tonight?"),
    ("hypothetical", "I'm worried I'll faint in the shower, should someone stay with me?"),
    ("negated", "my ankle swells a little in the evening but it goes down overnight"),
    ("negated", "the chills were on Tuesday night but none since"),
    ("benign", "there's white stuff at the back of his throat where the tonsils came out"),
    ("benign", "my fingers are puffy in the morning but they go down when I raise my hand"),
    ("benign", "my pain is about a three and the tablets are working"),
    ("benign", "is it normal for the bruise to turn yellow?"),
]
