"""English red flags by concept, widened after dev_fresh10 (round 6, written by an engineer who never saw the rules).
Every phrasing here was written for this file, not taken from a dataset file (a test checks that), and is heard with
the learned stage off, so it tests the rules themselves: each WIDENED line was silent on main's rules before this
round; each QUIET line raised something there, and the look-alikes at its end keep this round's widening from hearing
what is no red flag.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened, in words of this file: (speaker, key, text).
WIDENED = [
    # the face coming down on one side said in any tense; words that will not come out right
    (None, "stroke", "one side of my mouth is sliding down since lunch"),
    (None, "stroke", "my husband's face, half of it is hanging down and he can't form his words properly"),
    (None, "stroke", "I can not say my words right, they come out all wrong"),
    # falling asleep while talking or being talked to
    (None, "unresponsive", "he keeps falling asleep mid-conversation with me"),
    (None, "unresponsive", "I drift off while I'm talking on the phone, I can't help it"),
    # not being around as a relief to others
    (None, "self_harm", "my kids would be happier if I simply weren't here"),
    (None, "self_harm", "honestly things would be easier for everybody if I just wasn't alive"),
    # pressure held a long time and still bleeding; blood coming out a lot
    (None, "bleeding_uncontrolled", "I held pressure for fifteen min but it's not stopped yet"),
    (None, "bleeding_uncontrolled", "blood is coming out a lot from the cut on my leg"),
    # blood said to be in what came up
    (None, "blood_coughed_or_vomited", "his throw-up had some blood, I think"),
    (None, "blood_coughed_or_vomited", "there's blood in her throw-up this morning"),
    # a dose that may have gone in twice; the next dose taken with this one
    (None, "medication_overdose", "maybe she take it three times, she not sure"),
    (None, "medication_overdose", "he swallowed tonight's tablets along with the lunchtime ones"),
    (None, "medication_overdose", "I got muddled and mixed up my doses and took both"),
    # a new medicine started, then a rash
    (None, "medication_reaction", "the surgeon started me on a different painkiller, now red spots on my chest"),
    (None, "medication_reaction", "they changed her to a different heart pill and now she has a blotchy rash"),
    (None, "medication_reaction", "they prescribed me a new antibiotic and I've got itchy bumps everywhere"),
    # only a dribble in hours; peeing denied with doubt
    (None, "urinary_retention", "only tiny drops since breakfast, that's it"),
    (None, "urinary_retention", "I don't think I have urinated since the catheter came out"),
    # no pee, then hardly drinking (a child)
    ("caregiver", "child_dehydration", "I don't think the baby has peed since lunch and she won't drink"),
    # not going for the big one, any tense
    (None, "constipation", "I still don't go for a number 2, it's four days"),
    (None, "constipation", "she doesn't go to the bathroom for the big job since Sunday"),
    (None, "constipation", "he don't go to the loo for a poo since the weekend"),
    # anyone from the clinic asked to call
    (None, "nurse_request", "could someone from the team get back to me about the dressing"),
    (None, "nurse_request", "please have someone from the ward contact me tomorrow"),
    # the face sliding down, said of one side
    (None, "stroke", "the left side of her face slid down all of a sudden"),
    # a doubt about a double dose is doubt, not a supposition
    (None, "medication_overdose", "I can't remember if I took the oxy already, maybe I took it twice"),
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    # the nurse's question said back and answered no
    ("echoed and denied", "Chills? No, none at all, I've been warm and comfy."),
    ("echoed and denied", "Trouble breathing? Nope, I did the stairs fine this morning."),
    ("echoed and answered normal", "A fever? We took it at lunch and it was completely normal."),
    # asking what a sign looks like
    ("a question", "What does a clot in the leg look like, a swollen calf or what?"),
    # the instructions' list
    ("the instructions", "My paperwork lists calf swelling and chest pain as things to call about."),
    # a supposition
    ("a supposition", "Say the incision starts oozing pus, should I come in?"),
    # a time of life long past
    ("history", "In my teens I had seizures, but nothing for decades."),
    ("history", "In my thirties I had suicidal thoughts, but I'm in a better place now."),
    # put right by a remedy
    ("resolved", "I was really bunged up on Monday, but the prune juice did the trick."),
    # the caller's own trouble, the patient fine
    ("the caller's own", "I've had a fever myself since Sunday, but her recovery is going great."),
    # a relative's symptom beside the patient's own operated part said fine
    ("a relative's", "My daughter passed out at the dentist so I'm shaken, but my hip is healing fine."),
    # an epileptic condition named is no seizure now
    ("a condition, no seizure", "He's epileptic but his meds keep him steady."),
    # a bruise said as black and blue
    ("a bruise", "Her ankle is black and blue from the fall in hospital, but it's fading."),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    "My glasses keep sliding down my face.",
    "I fell asleep in the middle of the film last night.",
    "I take it two times a day like the label says.",
    "The doctor gave me a new cream for the rash on my arm.",
    "His vomit had no blood in it at all.",
    "Someone from the clinic called me yesterday about my appointment.",
    "I pressed on it for ten minutes and it stopped.",
    "I'd be happier if I wasn't stuck indoors all week.",
    "There's a tiny dribble of clear fluid from the drain since this morning.",
    ("caregiver", "I've had a headache myself all day, but his recovery is going fine."),
]
