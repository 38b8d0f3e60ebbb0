"""English red flags said the way callers say them (issue 14, generalisation): the classes of wording the
fresh development batch (utterances_dev_fresh.jsonl) showed the rules missing, each tested with phrasings
written for this round rather than taken from the batch, and the benign lines sharing their words.

The first round: heard with the learned stage on (no `rules_only`), and not checked against the dataset files.
Its tests of spoken numbers, contractions, the lexicon's `unless` and the fresh batches stay in
tests/safety/test_triage_generalise_en.py."""

WIDENED = [
    # speech-to-text without apostrophes
    ("child_dehydration", "my daughter hasnt had a wet nappy since lunch"),
    ("unresponsive", "he wont wake up and hes breathing funny"),
    ("shortness_of_breath", "i couldnt catch my breath walking to the car"),
    # body part with colour, breath, self-harm, stroke: emergent classes in words nobody wrote down
    ("cyanosis", "his lips are a purply colour"),
    ("cyanosis", "my mouth looks the colour of a blueberry"),
    ("shortness_of_breath", "each breath is a battle"),
    ("self_harm", "I've saved up all my tablets and I'm thinking of taking them all"),
    ("self_harm", "I can't see any reason to keep living"),
    ("stroke", "her left hand keeps dropping things and her voice sounds odd"),
    ("stroke", "his leg on one side stopped working"),
    # urgent classes in words nobody wrote down
    ("blood_clot", "my left leg is much thicker than my right"),
    ("blood_clot", "the right leg is red and huge, the other one is fine"),
    ("fever", "I'm freezing one minute and clammy the next"),
    ("skin_damage", "there are fluid-filled bubbles on the skin where they lasered it"),
    ("bleeding_soaked_dressing", "the gauze keeps filling with blood"),
    ("bleeding_soaked_dressing", "I've used up six pads since this morning"),
    ("vomiting_no_fluids", "she brings up every mouthful of juice"),
    ("child_dehydration", "there are no tears when he cries anymore"),
    ("urinary_retention", "my husband hasn't been to the bathroom to pee since yesterday, he's the patient"),
    ("uncontrolled_pain", "taking the norco as told but it's still at a nine"),
]

# Losing consciousness, confusion, fits in lay words: the key fires and the call is emergent.
WIDENED_EMERGENT = [
    ("fainting", "I came to lying on the garage floor"),
    ("fainting", "my husband, the patient, went all limp in his chair"),
    ("fainting", "she dropped like a rock in the hallway"),
    ("fainting", "I spaced out and fell against the sink"),
    ("unresponsive", "he keeps asking what year it is and doesn't know where he is"),
    ("unresponsive", "she got lost in her own home this afternoon"),
    ("seizure", "his legs were twitching and he was staring into space"),
    ("seizure", "her whole body went rigid and she bit her tongue"),
]

# A spoken temperature gets its tier: (text, tier).
TIERS = [
    ("his temp just came up as thirty nine point four", "urgent"),
    ("she measured one oh one point eight under the arm", "urgent"),
    ("the thermometer says a hundred and three", "urgent"),
    ("it keeps saying thirty eight two", "routine"),
    ("temperature is ninety eight point four", "none"),
    ("no fever, it was thirty six eight", "none"),
]

QUIET = [
    # a number in the temperature range with another unit is no temperature
    "I waited forty minutes for the pharmacy",
    "I'm thirty eight years old",
    # benign lines sharing the words
    "the bruise next to my incision has gone yellowish green",
    "the bruising around the stitches is dark purple",
    "my toes are cold because the air conditioning is on",
    "my hands get cold from the weather outside",
    "I'm a bit winded on the stairs but it passes quickly",
    "my calf was achy yesterday but it's fine today",
    "what temperature counts as a fever for a child?",
    "I got a blister from my new shoes",
    "I had a seizure when I was a kid, none since",
    "my friend's incision got infected after her surgery",
]
