"""English red flags by concept, widened after dev_fresh12 (everyday US English by an independent writer) and
dev_fresh13 (hard phrasings only, no textbook words): round 8. Every phrasing here was written for this file, not taken
from a dataset file (a test checks that), and is heard with the learned stage off, so it tests the rules themselves:
each WIDENED line was silent on main's rules before this round (for its key), and the look-alikes at the end keep this
round's widening from hearing what is no red flag.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened: (speaker, key, text).
WIDENED = [
    # a dropped g written with an apostrophe is the -ing word
    (None, "bleeding_uncontrolled", "it's bleedin' like a tap from the drain hole"),
    # a weight or a grip on the breastbone; a band cinched round the front of the ribs
    (None, "chest_pain", "it feels like a truck is parked on my breastbone"),
    (None, "chest_pain", "there's a fist clamping down behind my brest bone"),
    (None, "chest_pain", "like a tight band around the front of my ribs that won't ease"),
    # breath: outta breath; air sucked through something narrow; stopping every few words to gulp air
    (None, "shortness_of_breath", "I'm outta breath just sitting on the couch"),
    (None, "shortness_of_breath", "it's like sucking air through a cocktail straw"),
    ("caregiver", "shortness_of_breath", "she has to pause after a few words to drag air in"),
    # no idea how one got to the floor; somebody patting the face when one comes to
    (None, "fainting", "I have no idea how I got down to the floor of the hallway"),
    (None, "fainting", "next thing I knew my son was tapping my face and asking if I could hear him"),
    # a blue mouth as berries or a cold swim
    ("caregiver", "cyanosis", "her lips look like she's been eating blackberries"),
    (None, "cyanosis", "my lips look like I've been swimming in an icy lake"),
    # the corner of the mouth hanging; talking as if drunk; an arm that flops down or will not hold a cup
    ("caregiver", "stroke", "the corner of her mouth sits lower than the other side"),
    ("caregiver", "stroke", "she's talking like she's had a few pints and she hasn't had any"),
    (None, "stroke", "my left arm just flopped down onto the table out of nowhere"),
    # a ball stuck in the throat
    (None, "anaphylaxis", "my throat feels like there's a golf ball lodged in it"),
    # blood hawked or heaved up; dark clots; black grit after lunch came back
    (None, "blood_coughed_or_vomited", "I hawked up a string of blood after breakfast"),
    ("caregiver", "blood_coughed_or_vomited", "what he heaved up had dark clots in it"),
    # shaken, shouted at or splashed and barely a flicker; not knowing one's own bed, talking to people not there
    ("caregiver", "unresponsive", "I rubbed his chest hard and he barely reacted"),
    ("caregiver", "unresponsive", "I've been shouting at her and she barely looks at me"),
    ("caregiver", "unresponsive", "she's talking to people who aren't there and doesn't know she's in her own bed"),
    # goodbye letters; stepping in front of a train or bus; better if not here any more; pills counted for enough
    (None, "self_harm", "I wrote goodbye notes to my kids last night"),
    (None, "self_harm", "I keep thinking about stepping out in front of the bus"),
    (None, "self_harm", "it would be easier if I'm not here anymore"),
    (None, "self_harm", "I counted my tablets and wondered whether they'd be enough"),
    (None, "self_harm", "my family would be better off if I just didn't wake up"),
    # blood as a small fountain, pulsing with the heartbeat; pressure held half an hour and still running
    (None, "bleeding_uncontrolled", "the blood is coming out like a tiny fountain"),
    (None, "bleeding_uncontrolled", "I pressed on it a quarter of an hour and it wells back up"),
    ("caregiver", "bleeding_uncontrolled", "it's pulsing out in time with his heartbeat"),
    # spells of lost time with jerking
    ("caregiver", "seizure", "she gets these spells where she loses time and her hand twitches"),
    # pain the medicine does not touch
    (None, "uncontrolled_pain", "even with the oxy it's like a hot poker in my hip"),
    (None, "uncontrolled_pain", "the tablets are doing diddly squat for my back"),
    ("caregiver", "uncontrolled_pain", "he's had his medicine and he's still curled up sobbing"),
    # doses taken twice, a few days' pills at once, four every time instead of one
    (None, "medication_overdose", "I popped a couple extra of my pain pills this morning"),
    ("caregiver", "medication_overdose", "he swallowed Friday, Saturday and Sunday at once from his pill organiser"),
    (None, "medication_overdose", "I had my morning tablets and then had them again an hour later"),
    # circulation below a cast: waxy, fizzing, wooden
    (None, "circulation", "the toes poking out of my cast look waxy"),
    (None, "circulation", "my fingers below the splint are fizzing"),
    # the drip arm swollen
    ("caregiver", "blood_clot", "his arm where they had the drip has swelled right up"),
    (None, "blood_clot", "my right leg looks like a sausage compared to the left"),
    # dead skin as burnt toast or charcoal
    (None, "skin_damage", "the skin near my incision has gone the colour of burnt toast"),
    # edges that no longer kiss; a zip come undone; glue lifted off and a trench
    (None, "wound_opening", "the edges of my incision aren't kissing anymore"),
    (None, "wound_opening", "the zipper on my tummy is coming undone"),
    # a wet red patch or a red print from the dressing
    ("caregiver", "bleeding_soaked_dressing", "her bandage has a wet red stain the size of a coin"),
    # every sip ends in the bucket
    ("caregiver", "vomiting_no_fluids", "every sip of water ends up in the sick bucket"),
    # no water made, the toilet dry
    (None, "urinary_retention", "I haven't made any water since breakfast"),
    # a nappy still like new, a sunken soft spot
    ("caregiver", "child_dehydration", "his nappy is still like a fresh one at teatime"),
    ("caregiver", "child_dehydration", "the soft spot on his head looks dented"),
    # plugged up, ain't pooped
    (None, "constipation", "I ain't pooped since Sunday"),
    (None, "constipation", "my bowels are plugged up solid"),
    # red blotches after the new medicine
    ("caregiver", "medication_reaction", "little red dots popped up on her back since the amoxicillin"),
    # second pass: hives with a voice going croaky; shaking under the covers; someone from the clinic to give a
    # ring; red islands after a new medicine; instructions misread, three every time, not one; a pad heavy and squishy
    ("caregiver", "anaphylaxis", "her face came up in hives and now her voice is going croaky"),
    (None, "fever", "I was trembling so hard under the duvet my teeth hurt"),
    ("caregiver", "nurse_request", "can someone from the surgery give my dad a bell tomorrow"),
    (None, "medication_reaction", "two days into the new antibiotic and my legs are covered in red islands"),
    (None, "medication_overdose", "I read the instructions wrong, I take three capsules every time, not one"),
    ("caregiver", "bleeding_soaked_dressing", "the pad on her hip is heavy and squishy"),
]

# Look-alikes of this round's widening: quiet on these rules.
QUIET = [
    "the rash is itchy and I can swallow my pills fine",
    "my sister is going to give the clinic a ring about my appointment",
    "it's pouring outside so I'm staying in today",
    "I'm counting my pills to see if I have enough for the weekend",
    "I said goodbye to the nurses when I left the hospital",
    "the nurse was patting my arm while she put the drip in",
    "I have a golf ball sized bruise on my thigh",
    "I shook his hand and he barely looked at me, the surgeon was rushed",
    "the kids were yelling and he barely looked up from his phone",
    "my grandson ate a punnet of blackberries for lunch",
    "I had my morning tablets and the evening ones as usual",
    "the glue lifted off at one end but the line underneath is closed",
    "I stepped in front of the mirror to look at the scar and it looks neat",
    "the toast was burnt so I had porridge instead",
    "I wrote thank you notes to the nurses",
    "I'm outta milk so my daughter is going to the store",
]

# Context read the way a nurse hears it: each of these raised something on main's rules.
QUIET_BECAUSE = [
    (
        "the past: the day of the op, and fine since",
        "the dressing was soaked the day of the op but it's been dry ever since",
    ),
    (
        "the past: on the ward, himself again since",
        "he was muddled on the ward but he's been himself since he came home",
    ),
    ("a question: how many hours before worrying", "how many hours without a wet diaper before I should worry?"),
    (
        "the past: when the cast first went on",
        "my toes tingled when the cast first went on but they loosened it and that's gone",
    ),
]
