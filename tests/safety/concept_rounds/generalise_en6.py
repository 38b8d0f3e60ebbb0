"""English red flags by concept, widened after the fourth fresh batch became development data
(utterances_dev_fresh4.jsonl, the held-out file until main 9106cf2; written by an engineer who never saw the
rules). Every phrasing here was written for this file, not taken from a dataset file (a test checks that), and is
heard with the learned stage off, so it tests the rules themselves. holdout_fresh6, the held-out file after it,
is development data too now (dev_fresh6).

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One line per concept widened, in words of this file.
WIDENED = [
    # bleeding that won't quit / let up / ease off, with pressing or blood said beside it
    ("bleeding_uncontrolled", "the blood from my drain site won't let up, I've held a towel on it for twenty minutes"),
    ("bleeding_uncontrolled", "it's been bleeding since lunch and it doesn't ease off no matter how hard I press"),
    # a limb that won't do what one tells it, or won't obey, said with a side
    ("stroke", "my left leg suddenly won't do what I want it to"),
    ("stroke", "his right arm isn't obeying him all of a sudden"),
    # wound edges that won't stay closed / together
    ("wound_opening", "the sides of my incision won't stay together anymore"),
    ("wound_opening", "the scar keeps gaping, it doesn't stay shut"),
    # hot with a body sign, said of oneself, with no number
    ("mild_fever", "I'm a little warm and clammy this evening"),
    ("mild_fever", "she's all hot and flushed since lunch"),
    # not going (to the toilet) for a stool / a poo
    ("constipation", "I haven't been for a poo since Saturday"),
    ("constipation", "he has not gone to the loo to do a number two in days"),
    # no reason / point to keep going, said with any negation
    ("self_harm", "he keeps saying he doesn't see a reason to go on"),
    ("self_harm", "honestly I didn't see the point in living last night and I still don't"),
]

# Look-alikes that must stay quiet (or only routine): the same words, not the red flag.
NOT_URGENT = [
    "my voice has been croaky since they took the breathing tube out",
    "her voice sounds different since the tonsils came out, really nasal",
    "back in about 2015 I had a blood clot in my leg, all fine since",
    "I'm hot and sweaty after carrying the shopping upstairs",
    "there's no pain when I go for a poo",
    "I haven't been to the bathroom for a wee since lunch, I'm about to go now",
    "the itch won't let up but the skin looks fine",
    "I don't see a reason to keep going to the physio if it's healed",
    "she doesn't see the point of the leg exercises",
]
