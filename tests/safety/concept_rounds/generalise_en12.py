"""English red flags by concept, widened after dev_fresh14 (emergent-heavy, understated and indirect speech) and the
false alarms of dev_answers1 (the call's everyday answers) and dev_fresh14: round 9. Every phrasing here was written for
this file, not taken from a dataset file (a test checks that), and is heard with the learned stage off, so it tests the
rules themselves: each WIDENED line was silent on main's rules before this round (for its key), and the look-alikes
keep this round's widening from hearing what is no red flag.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened: (speaker, key, text).
WIDENED = [
    # "wind" for breath, said regionally
    (None, "shortness_of_breath", "climbing the stairs I can't catch my wind at all"),
    # a spell or turn and then down on the floor
    (None, "fainting", "I had a weak spell in the kitchen and fell against the counter"),
    # blue spelt by ear ("bloo" was read as blood)
    ("caregiver", "cyanosis", "his lips look bloo to me"),
    # the body locking up and quivering
    ("caregiver", "seizure", "her whole body locked up and then her arms started quivering"),
    # the mouth that will not make the words; half of what one sees gone
    (None, "stroke", "my tongue won't make the words properly today"),
    (None, "stroke", "since lunch I can't see the right half of the page"),
    # a hoarse voice or swallowing said first, the itch after
    (None, "anaphylaxis", "my voice has gone husky and now I'm itchy everywhere"),
    # "threw" spelt by ear; what came up described, not named
    (None, "blood_coughed_or_vomited", "I through up some blood after dinner"),
    ("caregiver", "blood_coughed_or_vomited", "what came up was full of dark clots"),
    # not coming round, said with nothing after it; not even a stir when nudged; "ain't" as the negation
    ("caregiver", "unresponsive", "she's slumped in the chair and won't come round"),
    ("caregiver", "unresponsive", "I nudged her and she didn't even stir"),
    ("caregiver", "unresponsive", "grandad ain't answering me when I talk to him"),
    # wondering what it would be like not to be here; self-harm taken up again, said without "myself"
    (None, "self_harm", "sometimes I wonder what it would be like to never wake up"),
    (None, "self_harm", "the urge to cut again has been really strong this week"),
    # a pool of blood; the gauze filling again and again under pressure
    ("caregiver", "bleeding_uncontrolled", "there's a pool of blood under her on the sheet"),
    (None, "bleeding_uncontrolled", "I've held pressure for ten minutes and the gauze keeps filling with blood"),
    # the dressing changed twice in a short time
    ("caregiver", "bleeding_soaked_dressing", "we've had to change her dressing twice already since lunch"),
    # red bumps after a new medicine; a reaction said with the breathing fine (that denies the breathing only)
    (None, "medication_reaction", "the new antibiotic, I think, little red bumps all over my belly"),
    (
        "caregiver",
        "medication_reaction",
        "his ankles are puffy and itchy since he began the cephalexin, breathing is fine though",
    ),
    # stools as hard as pebbles
    (None, "constipation", "my poop comes out like little pebbles"),
    # a question kept for the nurse
    (None, "nurse_request", "I have a couple of questions about my meds for the nurse"),
    # (added after the round, from dev_answers1's misses) a new rash with the medicine suspected, said first
    (None, "medication_reaction", "could it be the amoxicillin, he's got a blotchy rash that's new today"),
    # no bowel movement, said as a non-native speaker says it
    (None, "constipation", "she no go to the toilet for poop five days now"),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    "the antibiotic cleared up the rash",
    "he won't come to the phone right now, he's in the shower",
    "my husband won't come to the appointment with me",
    "I take the antibiotic twice a day with food",
    "I've been cutting back on the pain pills again",
    "I can't see the left side of my incision without a mirror",
    "there was a puddle of water by the sink",
    "what came up was just the water I drank",
    "can I take two of the ibuprofen instead of one if it hurts?",
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    ("constipation over: went this morning", "I was a little constipated on Monday but I went this morning"),
    ("constipation over after a laxative", "I was bunged up for two days but I took some senna and I went"),
    (
        "the past: right after the anaesthesia, herself since",
        "she was very confused right after the anaesthesia but she's been herself all evening",
    ),
    ("calm, in slang", "the pain was bad this morning but it's chill now"),
    ("long gone", "I had chills on Friday but that's long gone"),
    ("the dose as prescribed", "I'm taking the amoxicillin twice a day like the label says"),
]

# The same words still fire when the red flag is there: "I went" in its bowel sense ends constipation only.
TIERS = [
    ("I'm bleeding through the pads and I went to urgent care last night to get it seen", "urgent"),
    ("I'm soaking through the dressing and I went to bed early last night", "urgent"),
    ("I'm constipated and I went to the pharmacy this morning for a softener", "routine"),
    ("I was a bit constipated but I went this morning, and now my stitches have come apart", "urgent"),
]
