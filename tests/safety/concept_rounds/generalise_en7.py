"""English red flags by concept, widened after fresh6 (the held-out file until this round, now development data) and
the seventh batch (fresh7, scored untuned first), both written by engineers who never saw the rules. Every phrasing
here was written for this file, not taken from a dataset file (a test checks that), and is heard with the learned
stage off, so it tests the rules themselves.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

# One or two lines per concept widened, in words of this file: (speaker, key, text).
WIDENED = [
    # after an absence, "not since <a time>" restates it
    (None, "urinary_retention", "I try to pee but nothing happens, not since yesterday afternoon"),
    # a relative who had the scope / the op is the patient
    (None, "fainting", "my dad had the shoulder scope and he collapsed in the bathroom"),
    # a heavy object on the chest
    (None, "chest_pain", "it feels like a truck is parked on my chest"),
    (None, "chest_pain", "like a pile of bricks sitting on my chest since lunch"),
    # squashed like in a vice; like a knife in the chest
    (None, "chest_pain", "my chest is being compressed, like it's squashed under something"),
    (None, "chest_pain", "there's a pain like a hot poker right through the front of my chest"),
    # collapse as a simile; out for half a minute
    (None, "fainting", "he dropped like a stone in the hallway"),
    (None, "fainting", "she was out for about half a minute on the bathroom floor"),
    # eyes barely opened when shaken
    (None, "unresponsive", "I shook her shoulder and she hardly opened her eyes"),
    # a dry pull-up
    ("caregiver", "child_dehydration", "my daughter's pull-up has been dry since breakfast"),
    # into a liquid medicine; a bottle of it drunk
    ("caregiver", "medication_overdose", "my toddler got into the kids' cough syrup and swallowed a lot of it"),
    ("caregiver", "medication_overdose", "he drank nearly a whole bottle of the liquid ibuprofen"),
    # blood constantly; biting down on gauze and still coming; red through, spelt "thru"
    (None, "bleeding_uncontrolled", "his gum has been bleeding constantly since the extraction"),
    ("caregiver", "bleeding_uncontrolled", "she's biting down on the gauze like they said and it's still dripping"),
    (None, "bleeding_soaked_dressing", "the dressing on my knee went red thru in an hour"),
    # breathless lying flat is a condition, not a question
    (None, "shortness_of_breath", "if she lies flat she starts gasping"),
    # a whole breath that will not come, with its own negation
    (None, "shortness_of_breath", "I'm never getting a complete breath in"),
    # what came up, described after it
    (None, "blood_coughed_or_vomited", "I threw up after lunch and it had bits of blood in it"),
    (None, "blood_coughed_or_vomited", "she was sick twice and there were streaks of blood in it"),
    # the pain medicine does nothing, said further from its name
    (
        None,
        "uncontrolled_pain",
        "I take the oxycodone every four hours as the label says and honestly it's not doing a thing",
    ),
    # no poo, with an adverb between
    (None, "constipation", "he hasn't even been for a poo since Tuesday"),
    # nothing will come on the toilet; bursting to pee and it won't come; a sip kept down, with "even" between
    (None, "urinary_retention", "sat on the loo half an hour and nothing would come"),
    (None, "urinary_retention", "I'm busting for a wee but it just won't come"),
    ("caregiver", "vomiting_no_fluids", "she can't keep even a spoonful of broth down"),
    # the patient's own, kept: "mine" only contrasts when nothing before it was the speaker's
    (None, "wound_opening", "my scar split open overnight, mine are normally fine"),
    # 'say' mid-sentence is not a supposition; real drowning; a real heart attack or fit
    (None, "shortness_of_breath", "I'd say I get short of breath walking to the car"),
    (None, "shortness_of_breath", "I feel like I'm drowning when I lie down"),
    (None, "chest_pain", "I think I'm having a heart attack, my chest is crushing"),
    (None, "seizure", "she had a fit on the sofa, shaking all over"),
    (None, "shortness_of_breath", "I'm gasping for a breath when I climb the stairs"),
    # a question asked to its question mark ends at a comma: what follows is said
    (None, "chest_pain", "what if this is a heart attack, my chest is crushing?"),
    # a figure of speech reaches no further than its reaction: the symptom beside it is said
    (None, "fainting", "I nearly fainted at the sight of all the blood on the floor"),
    (None, "chest_pain", "my chest hurts so much I can hardly move"),
    # drifting back to sleep while spoken to; "next thing I know" far from the floor
    ("caregiver", "unresponsive", "every time I speak to her she just drifts back off to sleep"),
    (None, "fainting", "I was brushing my teeth and next thing I knew my son was kneeling over me shouting my name"),
    # whether life is worth going on with; being gone as a relief to others; wishing one had not come through
    (None, "self_harm", "some days I ask myself whether it's worth going on"),
    (None, "self_harm", "my kids would be happier if I was just gone"),
    ("caregiver", "self_harm", "dad told me he wishes he hadn't survived the op"),
    # a lexicon word said with "'s"; a dose had again after forgetting
    (None, "wound_opening", "the steri-strip's peeled off and the cut's gaping at the top"),
    (None, "medication_overdose", "she had her evening tablets, forgot, and had them again an hour later"),
    # a friend who saw it: the patient's own words stand between
    (None, "stroke", "a friend noticed I was slurring my words at lunch"),
    # non-native and typed forms: "can't to", "no can make pipi", "arnt"
    (None, "shortness_of_breath", "since last night I can't to breathe properly"),
    ("caregiver", "urinary_retention", "my father no can make pipi since the morning"),
    (None, "uncontrolled_pain", "the tablets arnt helping with the pain one bit"),
    # someone named after the speaker's own red flag is a helper, not the one it happened to
    (None, "fainting", "I blacked out in the office and a colleague caught me"),
    (None, "shortness_of_breath", "I can't get my breath, the lady from next door is sitting with me"),
    # rules-only misses of dev_fresh4/6/7 the learned stage had been covering, widened by concept
    (None, "bleeding_uncontrolled", "the socket is still streaming after forty minutes biting on a gauze pad"),
    (None, "bleeding_uncontrolled", "blood's coming out of the drain hole like a fountain"),
    (None, "blood_coughed_or_vomited", "I spat into the sink and it was bright red"),
    ("caregiver", "bleeding_soaked_dressing", "the bandage round his ankle is bright red now, completely soaked"),
    (None, "uncontrolled_pain", "the tramadol wears off within the hour and I'm in tears again"),
    (None, "medication_reaction", "since the new amoxicillin, I've got these blotchy lumps on my legs"),
    (None, "stroke", "when she tries to smile only one side of her mouth goes up"),
    (None, "shortness_of_breath", "she's breathing like she's just sprinted up a hill and she's only sitting down"),
    (None, "self_harm", "I keep thinking about steering the car into a wall on the motorway"),
    (None, "fainting", "my sight tunnelled in the queue and I dropped"),
    # a caregiver's relative who had the surgery is still the patient
    ("caregiver", "fever", "my son who had the surgery has a temperature of 102"),
]

# Look-alikes that must raise nothing: (speaker, text).
QUIET = [
    (None, "I couldn't pee the first evening, none since then"),
    (None, "my neighbour passed out in the heat yesterday, I'm the one you're calling about and I'm fine"),
    (None, "the bruising on my hand from the drip is purple and yellow"),
    (None, "my toes go cold when the ice pack is on"),
    (None, "my forearm tingles a bit where the cannula was"),
    (None, "the district nurse came round this morning and changed my dressing, all looks good"),
    (None, "I drank a whole bottle of water this morning"),
    (None, "from the antibiotics I've had an upset tummy, but no rash"),
    (None, "these pills make me terribly sleepy, even after a nap"),
    ("caregiver", "grandad's neighbour keeled over at the allotment, grandad himself is fine"),
    (None, "I forgot I'd eaten and had another breakfast"),
    (None, "is it worth carrying on with the stretches if they hurt?"),
    (None, "it'd be easier for my wife if I was gone for a night so she could rest"),
    ("caregiver", "when we talk to dad after his dinner he nods off, he's always done that"),
    (None, "I almost passed out at the cost of the taxi home"),
    (None, "we laughed so hard at the nurse's story I nearly fainted"),
    (None, "the fella in the next bay was throwing up all night, poor thing"),
    (None, "the mark on the toilet lid won't come out however hard I scrub"),
    (None, "I'm dying to go back to the allotment but the surgeon won't let me yet"),
    (None, "the surgeon used a knife near my chest, the scar is tidy"),
    (None, "what if I lie flat and can't breathe?"),
    (None, "what if I lie flat and it gets hard to breathe?"),
    (None, "so what happens if my incision opens up and it starts soaking through the dressing?"),
    (None, "say i get chest pain on the plane, what do i do"),
    (None, "my temp was 101.5 on Saturday, it broke overnight and it's been fine since"),
    ("caregiver", "he couldn't pee on the first evening but he's peeing fine now"),
    (None, "my older sister passed out at the wedding, I'm fine"),
    (None, "the man in the bed next to mine had a seizure last night"),
    (None, "Dad's staples popped open but mine are all fine"),
    (None, "I'm drowning in emails since I got back to work"),
    (None, "my grandson jumped out at me and I nearly had a heart attack"),
    (None, "the bill nearly gave me a heart attack"),
    (None, "I almost had a fit when I saw the scar"),
    (None, "I had a fit of the giggles watching telly"),
    (None, "I'm gasping for a coffee"),
    (None, "I was sick after the anaesthetic and it was full of the orange juice I drank"),
    (None, "my nieghbour past out in the garden, i'm fine"),
    (None, "I was really bunged up but it finally went this afternoon"),
    (None, "I've been sneezing with hay fever all week"),
    ("caregiver", "the toddler's been vomiting all day but she's not the one who had the operation"),
    ("caregiver", "my son has a temperature of 102, but his twin who had the surgery is fine"),
]
