"""English red flags by concept, widened after the fifth fresh batch (utterances_dev_fresh5.jsonl, written by
an engineer who never saw the rules). Every phrasing here was written for this file, not taken from a dataset
file (a test checks that), and is heard with the learned stage off, so it tests the rules themselves.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One line per concept widened (a word class, a synonym family, a variant), in words of this file.
WIDENED = [
    # asking for a nurse to be put in touch is a request, not a question about the future
    ("nurse_request", "could one of your nurses give me a ring this afternoon"),
    ("nurse_request", "can we have someone from the nursing staff phone us back"),
    ("nurse_request", "could I have a quick word with the surgeon tomorrow"),
    # "wouldn't" beside "won't"; a sound, a stir, as the only answer
    ("unresponsive", "she wouldn't wake up properly this morning even when I shook her"),
    ("unresponsive", "he barely stirs when I call his name"),
    # the pain-relief idiom denied; pain at its worst despite the medicine or as it wears off
    ("uncontrolled_pain", "the tablets don't even take the edge off the pain"),
    ("uncontrolled_pain", "the pain medicine wears off after an hour and then it's excruciating again"),
    ("uncontrolled_pain", "even after my percocet it's a solid eight"),
    ("uncontrolled_pain", "she screams even with the medicine we were given"),
    # a need to pass water that gives only drops; "number one" is urine
    ("urinary_retention", "I keep needing to pee and just a few drops come out"),
    ("urinary_retention", "cant go number one since they took the catheter out"),
    # a child with no urine for hours
    ("child_dehydration", "my daughter has not wee'd for nine hours now"),
    # overdose: three or more at once, a whole day's doses, present tense with "instead of", too-short interval
    ("medication_overdose", "I swallowed five of the oxycodone at once because the pain was so bad"),
    ("medication_overdose", "she took the whole bottle of tylenol in one go"),
    ("medication_overdose", "I take four tablet instead of two"),
    ("medication_overdose", "he's been taking his pain pills every hour instead of every four"),
    # slurred speech in lay words; sight lost or doubled, suddenly or on one side
    ("stroke", "my words keep coming out all jumbled"),
    ("stroke", "his speech is garbled and he can't find words"),
    ("stroke", "all of a sudden I can't see out of my left eye"),
    ("stroke", "I'm seeing double out of nowhere"),
    ("stroke", "I can't hold a cup with my left hand anymore, it slips right out"),
    # chest: a weight pressing
    ("chest_pain", "my chest feels like something heavy is pressing on it"),
    # calf: the back of the knee, one side twice the size; swelling said as "ballooned"
    ("blood_clot", "the back of my knee is hot and swollen"),
    ("blood_clot", "my left calf is double the size of my right one"),
    ("blood_clot", "his whole leg has blown up like a balloon since yesterday"),
    # sopping / sodden
    ("bleeding_soaked_dressing", "the gauze is sopping with blood"),
    ("bleeding_soaked_dressing", "I keep having to change the bandage, it's red again every hour"),
    # every sip comes straight back out
    ("vomiting_no_fluids", "every sip of water comes straight back out"),
    # breathless: can't finish a sentence, gulping for air, only breathing sitting up
    ("shortness_of_breath", "I can't finish a sentence without stopping for breath"),
    ("shortness_of_breath", "I'm gulping for air just sitting here"),
    ("shortness_of_breath", "I can't lie flat, I have to sleep sitting up to breathe"),
    ("shortness_of_breath", "he can just get out two words then he has to stop and breathe"),
    # the lights went out, then found on the floor
    ("fainting", "the lights went out and I woke up on the bathroom floor"),
    ("fainting", "everything turned dark and I ended up on the ground"),
    # wanting to disappear, to not be here
    ("self_harm", "I just want to disappear forever"),
    ("self_harm", "sometimes I think I'd rather not be here anymore"),
    # British "pooed"
    ("constipation", "I haven't pooed in five days"),
]

# Look-alikes of the widened concepts that are not a red flag for this patient.
QUIET_BECAUSE = [
    ("negated", "no breathing problems at all, I'm walking fine"),
    ("benign", "the nurse said to take the pain pills every four hours instead of every six, is that right?"),
    ("benign", "I take two tylenol at once like the box says"),
    ("benign", "I took three of the stool softeners at once like the leaflet said"),
    ("benign", "the pain pills wear off after four hours and then I take the next dose, it's manageable"),
    ("benign", "the tylenol wears off quickly but the pain is only a two"),
    ("benign", "the words on the leaflet are all jumbled up, I can't read it"),
    ("benign", "my vision is a bit blurry from the pain pills"),
    ("benign", "I need to pee more often since the catheter came out, but it flows fine"),
    ("benign", "my son hasn't had his pain medicine in eight hours, should I give him some"),
    ("benign", "can I get a nurse to show me how to change the dressing?"),
    ("benign", "I sat up to breathe better after the nap, it's fine now"),
    ("benign", "the back of my knee is a little stiff from the brace"),
    ("historical", "my words came out a bit mushy right after the anaesthetic but that was days ago"),
    ("historical", "my chest felt tight but that was days ago"),
    ("benign", "I feel like I could disappear under the covers and sleep all day, I'm just tired"),
    ("benign", "I pooed this morning, finally"),
    ("benign", "I changed the dressing once today as the nurse showed me"),
    ("benign", "everything is dark in the bedroom so I fell over the cat"),
    ("benign", "I only said a few words before the nurse had to go"),
]
