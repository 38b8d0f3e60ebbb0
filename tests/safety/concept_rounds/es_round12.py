"""Spanish concepts widened in the twelfth tuning round, on the misses and false alarms of fresh20 (Caribbean, Mexican
and Central American wording, code-switching, speech-to-text without accents), written by an engineer who never saw
the rules. Each line is written afresh for this file (in no evaluation file); every WIDENED line was silent for its
key on the rules before this round (main f580e9c). The look-alikes: a faint before
the operation said reflexively, a non-native "no" before a verb that still denies what follows, a hand limp from
writing.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_EMERGENT = [
    # the r of a consonant cluster dropped ("sange" is sangre), as typing and speech-to-text lose it
    ("blood_coughed_or_vomited", "estoy tosiendo sange desde la mañana"),
    # the infinitive of the non-native speaker: "no querer vivir", "pensar morir"
    ("self_harm", "yo no querer vivir más, mejor morir"),
    ("self_harm", "yo pensar morir todo el tiempo"),
    # ... "no parar" of the blood, "no mover" of the limb, the face said after it
    ("bleeding_uncontrolled", "sangre herida no parar"),
    ("stroke", "mi pierna derecha no mover, mi boca chueca"),
    # the leg that gives way by itself, on one side, and the hand gone limp
    ("stroke", "la pierna derecha se le vence sola y tiene la mano aguada"),
]

CAREGIVER_WIDENED = [
    # "epilepsia" misspelt by speech-to-text ("epilesia"), of a child
    ("seizure", "mi hijo tuvo un ataque de epilesia ahorita"),
]

WIDENED = [
    # the pain that does not pass, in the infinitive
    ("uncontrolled_pain", "yo tomar calmante, dolor no pasar"),
    # the whole arm swollen said "el brazo todo hinchado"
    ("blood_clot", "tengo el brazo todo hinchado y duro"),
    # a dressing "colorado de sangre" (red with blood, Mexican and Central American)
    ("bleeding_soaked_dressing", "el vendaje está muy colorado de sangre"),
    # a nurse or doctor asked for without the article
    ("nurse_request", "necesitar hablar doctor, por favor"),
    # the relative named by a procedure said in the plural ("el de las anginas", "la de las amígdalas") is the
    # patient, with nobody saying who speaks (found in review after the round: the singular was already known)
    (None, "child_dehydration", "Mi nieta, la de las amígdalas, no ha mojado el pañal desde la mañana."),
]

QUIET_BECAUSE = [
    ("a faint before the operation (reflexive) is past", "le dio un desmayo antes de que se operara, ahora anda bien"),
    ("a non-native no still denies what follows it", "yo no tener dolor de pecho, no poder dormir nada más"),
    ("a hand limp from writing, on no side, is no stroke", "tengo la mano floja de tanto escribir"),
]
