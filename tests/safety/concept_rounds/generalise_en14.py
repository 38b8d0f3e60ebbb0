"""English red flags by concept, widened after dev_fresh17 (emergent-heavy: every emergent concept said ten or more
ways, as sensations, euphemisms, what others noticed and very short answers): round 11. Every phrasing here was
written for this file, not taken from a dataset file (a test checks that), and is heard with the learned stage off,
so it tests the rules themselves: each WIDENED line was silent (or fired another key) on main's rules before this
round, each QUIET_BECAUSE line raised something there, and the look-alikes and TIERS keep this round's widening from
reaching what it should not.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened: (speaker, key, text).
WIDENED = [
    # a heavy thing sat on the ribs (the ribs, not the rib cage)
    (None, "chest_pain", "it's like a piano sat across my ribs and it won't shift"),
    # what others see: clutching at the chest, rubbing or pressing it over and over
    ("caregiver", "chest_pain", "she's clutching at her breastbone and can't settle"),
    ("caregiver", "chest_pain", "he keeps rubbing at his chest and won't sit still"),
    # every breath a fight
    ("caregiver", "shortness_of_breath", "he's battling for each breath on the edge of the bed"),
    # breathing said to be tight
    (None, "shortness_of_breath", "my breathing is tight tonight"),
    # the lights going out on someone; coming to with people bent over them
    (None, "fainting", "the lights just switched off on me by the kettle"),
    (None, "fainting", "I came to with two nurses bent over me in the corridor"),
    # a fit with a word for its size before it
    ("caregiver", "seizure", "my wife had a proper violent fit in the hallway"),
    # a limb jerking by itself, and the jerking moving on (a focal seizure)
    ("caregiver", "seizure", "his hand started twitching by itself and then it moved up his arm"),
    # blotches (not hives, not itch) with a voice gone husky
    (None, "anaphylaxis", "big blotches came up on my chest and my voice has gone all husky"),
    # the face ballooning with breathing gone wrong
    ("caregiver", "anaphylaxis", "his face has ballooned up since the new pill and he's wheezing"),
    # what came up said to be red, no blood word
    ("caregiver", "blood_coughed_or_vomited", "what he hacked up this morning was reddish"),
    (None, "blood_coughed_or_vomited", "my phlegm is coming up red"),
    (None, "blood_coughed_or_vomited", "a fleck of red in the phlegm when I hack"),
    # a hard shake or pinch before the eyes open, or they open and fall shut again
    ("caregiver", "unresponsive", "I had to shake her hard to get her eyes open"),
    ("caregiver", "unresponsive", "I nudged him, he opened his eyes and shut them straight away"),
    # a deliberate crash pictured, after a clause with a negation in it ("..., I keep ..." starts afresh)
    (None, "self_harm", "I keep seeing myself steering into a wall on the motorway"),
    (None, "self_harm", "the knee isn't bad, I keep picturing crashing the car into a tree"),
    # the pills seen as a way out, said without saying it
    (None, "self_harm", "lately I look at my painkillers differently"),
    # blood shooting out; going through towel after towel with pressure held
    ("caregiver", "bleeding_uncontrolled", "blood keeps jumping out of the cut on his shin"),
    (None, "bleeding_uncontrolled", "it's soaked through three tea towels even with me pressing down"),
    # trying to pass urine and nothing; a wee not had, said as a noun
    (None, "urinary_retention", "I tried to pass urine twice and got nothing"),
    ("caregiver", "urinary_retention", "she hasn't had a single wee since breakfast"),
    # nothing kept down, said in the perfect
    ("caregiver", "vomiting_no_fluids", "he hasn't held a drop down since lunch"),
    # the bowels said as a department or front
    (None, "constipation", "nothing doing on the toilet front since Tuesday"),
    # a bare rating of nine with a word before it ("an easy nine") after the medicine
    (None, "uncontrolled_pain", "taking the tablets on time and it's still an easy nine"),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    # a power cut, the lights going out on a street or on "us"
    "the lights went out in the whole street last night",
    "we had a power cut, the lights went off on us for an hour",
    # red from a lolly; tablets taken differently for a reason
    "my spit comes out red after the cherry ice lolly",
    "I've been looking at my tablets differently to how the leaflet says",
    # a chest drain held, a face swollen with breathing fine
    "she's gripping her chest drain so it doesn't pull",
    "my face is puffy after the jaw op, breathing fine",
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    # years back said the non-native way ("many years before"), the fits over
    ("history, years back", "many years before I have the fits, these days no, I am on tablets"),
]

# The same words still fire when the red flag is there.
TIERS = [
    # a fit with a size word said now, and a tantrum thrown is no fit
    ("my son threw a massive fit over his dinner", "none"),
    # the face swollen and breathing not right after a medicine
    ("my face swelled up after the antibiotic and now I'm breathing funny", "emergent"),
]
