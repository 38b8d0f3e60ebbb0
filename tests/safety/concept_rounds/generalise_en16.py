"""English red flags by concept, widened after dev_fresh19 (calls answered by someone at home): round 13. Every
phrasing here was written for this file, not taken from a dataset file (a test checks that), and is heard with the
learned stage off, so it tests the rules themselves: the WIDENED lines fire, the QUIET look-alikes of this round's
widening stay quiet, and SOMEONE_ELSE / QUIET_BECAUSE are read the way a nurse hears who and when.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened: (speaker, key, text).
WIDENED = [
    # a dose given by one carer, then again by another
    ("caregiver", "medication_overdose", "I gave Grandpa his tramadol at noon, then my aunt gave him another at one"),
    # a name called over and over before any response
    ("caregiver", "unresponsive", "I had to call his name about six times before he'd even look at me"),
    # each breath a job of work
    (None, "shortness_of_breath", "getting a breath in feels like hard work this evening"),
    # most of the dressing red
    (None, "bleeding_soaked_dressing", "the gauze on my hip is mostly red already"),
    # unsure whether the child has peed, with a sign of drying out
    ("caregiver", "child_dehydration", "Not sure if he's peed since breakfast, his lips look really dry"),
    # the bowels not moved, the negation first; stopped up said of oneself
    (None, "constipation", "haven't had my bowels open since Tuesday"),
    (None, "constipation", "I feel real stopped up after those pain pills"),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    # a stopped-up nose is no constipation; relaxing in slang is no chill
    "my nose is all stopped up from the hay",
    "I'm just chillin on the couch watching the game",
    # a dose given at its time, once
    "I gave Mum her antibiotic at eight like the label says",
    # a name said once to wake someone who then chatted
    "I said her name and she sat right up and asked for tea",
]

# Someone else's, the way a nurse hears it: nothing fires for the patient.
SOMEONE_ELSE = [
    # a familiar name for a parent or spouse
    "I'm fine, my old lady's got a fever from the grandkids",
    # the caller's own trouble, the patient said first to be doing well
    ("caregiver", "Mum's healing great. It's actually me, I've been shivering all night with the flu"),
    ("caregiver", "My husband's hip is doing well. I'm the one who can't stop throwing up, a stomach bug"),
    # the patient named as fine, the stroke another relative's
    "the patient is my mum and she's fine, my uncle is the one who had the stroke last month",
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    # a short year long past; a condition since years back
    ("long past", "Grandad had a small stroke back in '04, his speech has been the same ever since, nothing new"),
    ("long past", "her toes have been numb since her back went bad years ago"),
    # asked outright, answered no
    ("answered no", "I asked him if he'd thought about ending his life and he said no, he's just fed up"),
]

# The same words still fire when the red flag is there.
TIERS = [
    # asked and answered yes still fires
    ("I asked her if she'd thought about hurting herself and she said yes, last night", "emergent"),
    # a caller relaxing, and the patient with a real chill
    ("I was chilling on the sofa when the chills and shaking started", "urgent"),
]
