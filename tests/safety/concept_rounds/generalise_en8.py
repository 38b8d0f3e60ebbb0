"""English red flags by concept, widened after dev_fresh9 (round 5, written by an engineer who never saw the rules)
and the rules-alone misses left in the earlier development batches. Every phrasing here was written for this file,
not taken from a dataset file (a test checks that), and is heard with the learned stage off, so it tests the rules
themselves: each WIDENED line was silent on the rules before this round; each QUIET line that names a cue raised
something on them, and the guards at its end keep this round's widening from hearing look-alikes.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened, in words of this file: (speaker, key, text).
WIDENED = [
    # losing one's senses in any tense; waking on a floor said without an article
    (None, "fainting", "he keeps losing his senses when he stands up"),
    (None, "fainting", "then I wake up on floor next to the bed"),
    # the heavy thing, or someone, said after the chest
    (None, "chest_pain", "my chest feels like a fridge is sitting on it"),
    (None, "chest_pain", "my chest, it's like someone is kneeling on top"),
    # stiff then jerking; shaking that cannot be stopped; shaking with no memory of it
    (None, "seizure", "he went stiff, then his hand was jerking"),
    (None, "seizure", "my legs are shaking and I cannot stop them"),
    (None, "seizure", "he was twitching for ages and he doesn't remember a thing"),
    # what came up, said after to be pinkish or like blood
    (None, "blood_coughed_or_vomited", "I brought up my lunch and it looked pinkish-red"),
    # the medicine taken and the pain will not ease; a score said as "it's like a nine"
    (None, "uncontrolled_pain", "I'm on the tramadol and honestly the pain is not settling"),
    (None, "uncontrolled_pain", "my knee is throbbing, honestly it's like a nine"),
    # "ain't passed water"; "cyaan" for can't
    (None, "urinary_retention", "he ain't passed any water since breakfast"),
    (None, "urinary_retention", "i cyaan pee at all since last night"),
    # what is drunk comes straight back; "throws it up"
    (None, "vomiting_no_fluids", "she sips some juice and straight away throws it up"),
    # a child who will not drink and has not peed; sleeping far too long; a last wet diaper no one can place
    ("caregiver", "child_dehydration", "our little boy refuses to drink and hasn't peed all afternoon"),
    ("caregiver", "child_dehydration", "the baby has been sleeping way too long today"),
    ("caregiver", "child_dehydration", "I honestly can't remember when his last wet diaper was"),
    # stitches come loose; a hole said after the wound
    (None, "wound_opening", "two of the stitches have come loose"),
    (None, "wound_opening", "the incision on his knee has a small hole in it now"),
    # a bloated or hard belly and no going, either order; "motion" for a stool
    (None, "constipation", "my tummy is so bloated and I haven't been since Friday"),
    (None, "constipation", "no go since Tuesday and my belly is all swollen"),
    (None, "constipation", "I haven't passed motion for four days"),
    # the means looked at while thinking; thinking of taking them all
    (None, "self_harm", "I sit staring at the tablets, thinking about it"),
    (None, "self_harm", "I keep thinking about swallowing all my pills"),
    # a short walk leaves one as if after a race
    (None, "shortness_of_breath", "after the short walk to the shop, it's like I've run a race"),
    # blisters under the tape over the treated area
    (None, "skin_damage", "there's a blister under the tape on his hip"),
    # who cannot be woken is not the one on the phone: the close relative named is the patient
    (None, "unresponsive", "my husband won't wake up properly for me"),
    # a stomach that holds nothing; all that is allowed and still hurting; "hurts like hell"; wearing off in minutes
    (None, "vomiting_no_fluids", "his tummy won't hold a thing, not even water"),
    (None, "uncontrolled_pain", "my hip hurts like hell tonight"),
    (None, "uncontrolled_pain", "the codeine wears off within half an hour"),
    # nothing budged down below; crying without tears; a child's dry mouth
    (None, "constipation", "nothing's budged down below since Saturday"),
    ("caregiver", "child_dehydration", "she keeps crying, not crying any tears though"),
    ("caregiver", "child_dehydration", "my son's mouth is all sticky and dry"),
    # nothing left to live for
    (None, "self_harm", "honestly I've got nothing left to live for"),
    # the index operation dated is not a history of the symptom
    ("caregiver", "blood_coughed_or_vomited", "my son is spitting up blood, he had his adenoids out last month"),
]

# Look-alikes that must raise nothing: (speaker, text).
QUIET = [
    # a supposition as spelt; asking ahead of time, said after
    (None, "s'pose the stitches open up, what then?"),
    (None, "supposin my stitches come apart, do I ring you?"),
    # history without its article, and before the operation in dialect
    (None, "long time ago I had a clot in my calf, it was treated"),
    (None, "before di operation I fainted a few times"),
    # a pet that got into the patient's tablets
    (None, "my puppy got into my tablets, the vet is seeing him"),
    # a red flag of someone else, the caller saying "not me"
    (None, "my son got hives from his new medicine, not me, he isn't the patient"),
    # a thing that "almost made me" black out
    (None, "the stench almost made me black out"),
    # a voice changed by a cold
    (None, "my voice is a bit weird because I'm all stuffed up"),
    # the caller's call is about their own thing
    (None, "grandad is confused and forgetful, but I'm calling about my own stitches"),
    # guards on this round's widening: no number of hours, no red food, no range of motion, no relative who is not
    # the patient
    (None, "it's about 8 hours since my last pain pill, the ache is fine"),
    (None, "I was sick this morning and it was red from the beetroot"),
    (None, "my range of motion is not coming back yet"),
    (None, "my mother has dementia and gets confused, but I'm the patient"),
    ("patient", "my husband won't wake up, he's a night-shift worker"),
    (None, "my lips are dry from the oxygen"),
    (None, "the tablets wear off after four hours, which is fine"),
]
