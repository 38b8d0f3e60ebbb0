"""English red flags by concept, widened after dev_fresh11 (round 7, hard phrasings: what patients see or feel, no
textbook words). Every phrasing here was written for this file, not taken from a dataset file (a test checks that),
and is heard with the learned stage off, so it tests the rules themselves: each WIDENED line was silent on main's
rules before this round (for its key), and the look-alikes at the end keep this round's widening from hearing what
is no red flag.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened: (speaker, key, text).
WIDENED = [
    # a grip clenching inside the chest
    (None, "chest_pain", "it feels like something is clenching inside my chest and won't let go"),
    # lungs that will not fill; breathing through something narrow
    (None, "shortness_of_breath", "my lungs won't open up all the way when I breathe in"),
    (None, "shortness_of_breath", "it's like I'm breathing through a tiny straw, honestly"),
    # a gap in time, then on the floor or looking up at the ceiling; blacking out misspelt by sound
    (None, "fainting", "one minute I was brushing my teeth and the next I was on the bathroom floor"),
    (None, "fainting", "I was staring up at the ceiling from the kitchen tiles and don't know how I got there"),
    (None, "fainting", "she blaked out in the shower this morning"),
    # eyes falling shut while spoken to; shaken to answer; out of it and mumbling
    ("caregiver", "unresponsive", "his eyes keep sliding shut while I'm talking to him"),
    ("caregiver", "unresponsive", "I have to shake her before she'll answer me"),
    ("caregiver", "unresponsive", "he's completely out of it and mumbling nonsense"),
    # working out how many pills it would take; a lethal dose looked up
    (None, "self_harm", "I've been reading about how many of my pills it would take"),
    (None, "self_harm", "I looked up the lethal dose of my painkillers last night"),
    # blood reaching the wall
    ("caregiver", "bleeding_uncontrolled", "it's spraying up the wall from where the drain tube was"),
    # red in the sick bowl or bucket
    ("caregiver", "blood_coughed_or_vomited", "his sick bucket has bright red in it"),
    # one side of the smile or mouth that will not lift
    (None, "stroke", "one side of my mouth won't lift when I smile"),
    (None, "stroke", "half her smile isn't going up on the left"),
    # time on a new medicine, then a rash
    (None, "medication_reaction", "a week on the new antibiotics and now there are red bumps all over my back"),
    # a blister said as a bubble of fluid
    (None, "skin_damage", "the skin over my ankle has bubbled up with fluid"),
    # a temperature's decimal said as "and"
    (None, "fever", "my thermometer says 38 and 7"),
    # a limb not felt, said plainly
    (None, "circulation", "I don't feel my toes under this cast"),
    # the whole dressing red; blood come through onto the clothes
    (None, "bleeding_soaked_dressing", "the entire dressing went red within an hour"),
    (None, "bleeding_soaked_dressing", "it's leaked right through onto my pyjamas"),
    # blocked, no toilet for a stool
    (None, "constipation", "I'm all blocked, no toilet for a number two since Friday"),
    # wishing a person from the clinic phoned
    (None, "nurse_request", "I'd much rather a person from the clinic phoned me"),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    "I've been pumping breast milk every three hours",
    "I sprayed the air freshener all over the mirror",
    "the air bubbles under my clear dressing are annoying",
    "how many of these should I take for the pain?",
    "the bruise on my thigh is fading to green now",
    "I'm blocked in by the snow so I couldn't get to the pharmacy",
    "one minute it's sunny and the next it's pouring, so I stayed in",
    "I lay on the floor looking up at the ceiling doing my physio stretches",
    "the tape came off the dressing but the cut underneath looks closed and neat",
    "I'd rather someone from the clinic didn't call me during work hours",
    "I was a bit out of it after the anaesthetic yesterday but fine now",
    "I can't seem to fill my prescription at the pharmacy",
    "his eyes keep closing when he reads, he's just tired",
    "I've been on the new pills a week, no rash at all",
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    ("a thought denied outright", "not a single thought of harming myself, I'm only restless"),
    ("a colour fading, a bruise healing", "it's fading to a yellowish colour along the edges of the cut"),
]
