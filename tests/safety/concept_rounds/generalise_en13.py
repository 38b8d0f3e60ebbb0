"""English red flags by concept, widened after dev_fresh15 (the emergent/urgent boundary) and dev_fresh16 (the call's
everyday answers): round 10. Every phrasing here was written for this file, not taken from a dataset file (a test
checks that), and is heard with the learned stage off, so it tests the rules themselves: each WIDENED line was silent
(or fired another key) on main's rules before this round, each QUIET_BECAUSE line raised something there, and the
look-alikes and TIERS keep this round's widening and quieting from reaching what they should not.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened: (speaker, key, text).
WIDENED = [
    # firm pressure held on the spot for a quarter hour or more and it is no better / has not let up (no blood word)
    (
        None,
        "bleeding_uncontrolled",
        "I've leaned on it with a towel a solid fifteen minutes and it hasn't eased one bit",
    ),
    (None, "bleeding_uncontrolled", "been pushing down on the cut near half an hour, it's no better"),
    # hives or welts with a voice gone croaky, said without "voice"
    (None, "anaphylaxis", "itchy welts came up on my neck and now I sound all croaky"),
    # breathing getting harder, said as a comparison
    (None, "shortness_of_breath", "it's getting tougher and tougher to breathe tonight"),
    # coming to on the floor in its everyday names (carpet, lino, tiles); a faint said as a noun
    (None, "fainting", "I came to on the bathroom carpet with no idea how I got there"),
    (None, "fainting", "found myself flat on the kitchen lino, no idea how long I was there"),
    ("caregiver", "fainting", "Mum had a quick faint by the sink earlier"),
    # coffee-ground vomit described in its own words
    (None, "blood_coughed_or_vomited", "I sicked up some dark gritty stuff this morning"),
    # bringing an end to everything
    (None, "self_harm", "I keep thinking I should bring an end to everything"),
    # heavy snoring and floppy (after pain pills); not coming round with a new clause after it and no comma
    ("caregiver", "unresponsive", "he's snoring like a train and he's gone totally floppy"),
    ("caregiver", "unresponsive", "grandad won't come round he's just lying there"),
    # the dressing gone right through with blood
    (None, "bleeding_soaked_dressing", "the dressing on my hip has gone right through with blood"),
    # "med" for a medicine; making light of it ("no big deal") is no denial
    (None, "medication_reaction", "got a blotchy rash after the new med, breathing's fine"),
    (None, "medication_reaction", "no big deal, just itchy hives on my back since starting the new pills"),
    # not keeping down even a little of something, said at length
    (None, "vomiting_no_fluids", "I can't keep even a tiny sip of flat lemonade down"),
    # a child not drinking and not passing water, said with "ain't"
    ("caregiver", "child_dehydration", "my little girl ain't drank nothing and ain't passed water since breakfast"),
    # a bare rating of nine after a pain word; "I suppose" as a hedge, not a supposition
    (None, "uncontrolled_pain", "I'm taking the tablets as I should but my knee's still awful, a nine"),
    (None, "uncontrolled_pain", "the ache's bearable I suppose, only nothing I take helps it"),
    # "haven't managed to" as "can't"
    (None, "urinary_retention", "I haven't managed to pass water since seven this morning"),
    # "not been able to" / "ain't been able to"; opening the bowels
    (None, "constipation", "I've not been able to open my bowels all week"),
    (None, "constipation", "he ain't been able to poop since Friday"),
    # the relative named and then said to be the one the call is about (the words alone decide who is meant)
    (None, "seizure", "my husband, he's the one you're ringing about, he went rigid and was twitching all over"),
    # the whole limb swollen, set against the operated spot
    (None, "blood_clot", "my entire arm, not just the elbow, has swelled right up"),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    # pressure held for a long time on something that is no wound
    "I pressed an ice pack on my knee for twenty minutes and the swelling is no better",
    # a faint that is no fainting; a floor word that is no floor
    "there's a faint pink line along the scar",
    "I woke up on the sofa after a nap",
    # an end put to a pain, not to a life
    "the painkillers put an end to the headache",
    # childhood history; a neighbour
    "my son had seizures as a toddler, none for years now",
    "the fella across the street had a stroke yesterday",
    # the carer's own hives, the patient fine
    ("caregiver", "I'm her main carer and I've got hives from the new washing powder, but Mum's doing great"),
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    ("breathless on effort, fine once resting", "I get winded carrying the shopping in, but I'm fine once I sit down"),
    ("an ache at the chest drain is the wound's", "my chest aches near the drain hole when I cough, nowhere else"),
    (
        "put right and fine since",
        "my fingers tingled when the splint was on too tight, the nurse loosened it and they're fine now",
    ),
    ("a question: where the line is", "how drowsy is too drowsy after the anaesthetic?"),
    ("someone else, said in the plural", "my sisters got a high temperature, I'm fine"),
    ("someone seen on television", "saw somebody on tv have a seizure, gave me a fright"),
    ("someone else on the ward", "a man on my ward had an allergic reaction to penicillin"),
    # the caller says they are the carer, their own red flag set against a patient who is fine (words alone)
    (
        "the carer's own, the patient fine",
        "I'm Mum's carer and I blacked out at the shops yesterday, but Mum is doing fine",
    ),
]

# The same words still fire when the red flag is there.
TIERS = [
    # hives with the breathing denied is the reaction, not anaphylaxis; with the throat closing it is
    ("hives on my arms, no wheezing", "urgent"),
    ("hives on my neck and my throat is closing up", "emergent"),
    # only an ache or soreness placed at the wound is explained away; pressure, crushing or tightness is not
    ("crushing chest pain, nowhere near the incision", "emergent"),
    ("pressure in my chest by the drain site", "emergent"),
    ("my chest is tight and sore around the incision", "emergent"),
    # breathless at rest
    ("I get winded just sitting in the chair", "emergent"),
    # the cast put right but still numb
    ("my toes went numb when the cast was tight and they're still numb", "urgent"),
    ("my toes are numb and cold, they loosened it and they're still numb", "urgent"),
    # a question and then the red flag said
    ("How much blood is normal? The dressing is soaked through", "urgent"),
]
