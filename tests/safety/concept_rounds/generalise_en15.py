"""English red flags by concept, widened after dev_fresh18 (red flags played down and the emergent/urgent boundary):
round 12. Every phrasing here was written for this file, not taken from a dataset file (a test checks that), and is
heard with the learned stage off, so it tests the rules themselves: the WIDENED lines fire, the QUIET look-alikes of
this round's widening stay quiet, and SOMEONE_ELSE / QUIET_BECAUSE are read the way a nurse hears who and when.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened: (speaker, key, text).
WIDENED = [
    # a band or belt pulled tight round the chest or ribs, said as what it feels like
    (None, "chest_pain", "it feels like a belt being cinched tight around my chest"),
    # sitting or leaning on something to get the breath back; "puffed" (out of breath)
    (None, "shortness_of_breath", "I had to lean on the fence to get my breath walking to the letterbox"),
    (None, "shortness_of_breath", "I'm getting so puffed on the landing these days"),
    # the eyes opened and the person on the floor
    ("caregiver", "fainting", "when she opened her eyes she was lying on the kitchen tiles"),
    # someone named after the faint who helped the speaker up is not who fainted
    (None, "fainting", "Fainted by the bins, the neighbour picked me up off the path"),
    # shaking or jerking with minutes lost
    ("caregiver", "seizure", "he went all jerky and lost a couple of minutes"),
    # the face named, then one side of it not moving
    ("caregiver", "stroke", "her face looks wrong, the left side not moving"),
    # a filler word inside "having a hard time ... finding the words"
    (None, "stroke", "I'm having a hard time uh finding the right words"),
    # all of one's pills of any kind thought of at once
    (None, "self_harm", "I keep thinking about taking all my sleeping tablets in one go"),
    # blood named, then pressure held that does nothing
    (
        None,
        "bleeding_uncontrolled",
        "blood is seeping from the stitches and holding pressure for twenty minutes hasn't helped",
    ),
    # a fresh dressing already red through; a splint's padding soaked with blood
    (None, "bleeding_soaked_dressing", "put a fresh dressing on this morning and it's bloody right through already"),
    ("caregiver", "bleeding_soaked_dressing", "her splint padding is soaked with blood"),
    # where a cast or boot rubs, gone dark
    ("caregiver", "skin_damage", "the skin where her boot rubs has gone black"),
    # "can't go to the toilet for number two"
    (None, "constipation", "I can't go to the loo for number two, a week now"),
    # a question about a medicine; someone asked to let the caller know
    (None, "nurse_request", "I have a quick question about my antibiotics"),
    ("caregiver", "nurse_request", "can somebody let us know when she can drive"),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    # puffed up is a swelling; getting the breath back after a run is no breathlessness
    "my cheeks are puffed up after the jaw op",
    "I sat down to get my breath back after the run this morning",
    # minutes lost with no fit; a question not about a medicine
    "I lost a few minutes at work because the shaking printer jammed",
    "I have a question about parking at the hospital",
    # a fresh dressing clean; a strap that rubs with no change of colour; the pills taken as told
    "the nurse put a fresh dressing on, it's clean through to the skin",
    "the strap of my sling rubs my neck",
    "I'm taking all my tablets with food like you said",
]

# Someone else's, the way a nurse hears it: nothing fires for the patient.
SOMEONE_ELSE = [
    # the one operated on doing well, and another relative named as the one
    ("caregiver", "Mum's doing fine since her operation, it's my dad who has the rash from his tablets"),
    ("caregiver", "My husband is doing great after his op, it's our son that has the fever"),
    # a cousin's or aunt's, the possessive written without its apostrophe
    "my nieces cut got infected",
    "my aunts leg swelled up after her flight",
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    # "say" opening a supposition, with the verb in the past
    ("a supposition", "say he had a fever tonight, what then"),
    ("a supposition", "say I woke up with chills, is that bad"),
]

# The same words still fire when the red flag is there.
TIERS = [
    # shaking with minutes lost, said of oneself
    ("I went all shaky at the sink and lost a few minutes", "emergent"),
    # the bleed stopped: pressure not helping an ache is pain, not bleeding
    ("the bleeding stopped, pressing on it now isn't helping the ache", "urgent"),
]
