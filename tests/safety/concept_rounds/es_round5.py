"""Spanish concepts widened in the fifth tuning round (the fresh9 batch, written by an engineer who never saw the
rules), each tested with phrasings written afresh for this file (in no evaluation file), and look-alikes that must
stay quiet: asking when to worry, drowning in paperwork. Every WIDENED line was silent on the rules before this
round; every QUIET line fired on them.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_OR_HIGHER = [
    # no wet diaper, said in English, Spanish or both ("mojados" is no longer read as "morados")
    ("child_dehydration", "mi bebé lleva todo el día sin wet diapers"),
    ("child_dehydration", "ningún pañal mojado desde ayer en la noche, la niña casi no llora"),
    ("child_dehydration", "el niño no ha tenido pañales mojados en todo el día"),
    # pain medicine that is not working, said in the gerund; a pain score said in English numbers
    ("uncontrolled_pain", "el tramadol ya no me está funcionando nada"),
    ("uncontrolled_pain", "the pain is like a nine y eso que me tomé la pastilla"),
    # eased for a while and back, or not gone at all, is not a denial
    ("chest_pain", "me dolía el pecho, se me quitó un rato y ahorita me volvió"),
    ("chest_pain", "no se me ha quitado la presión en el pecho desde anoche"),
    # "no se," (not knowing, its accent dropped) is doubt, and doubt fires
    ("self_harm", "no se, me dan ganas de desaparecer para siempre"),
    ("fainting", "no se bien, creo que me desmayé en el baño"),
    # "pecho" with its ch heard as c
    ("chest_pain", "siento presión en el peco"),
    # a heavy or clumsy tongue, words that do not come out right
    ("stroke", "de repente tengo la lengua pesada y se me oye raro"),
    ("stroke", "desde hace un rato no pronuncia bien las palabras"),
    # swelling after a medicine, said without a verb of taking it
    ("medication_reaction", "se me hincharon las manos desde la medicina nueva"),
    ("medication_reaction", "se me hinchó todo el cuerpo después del antibiótico que me recetaron"),
    # misspelt by sound: "pcho" (no vowel), "aigre" (aire), "saliba", "reacsiona", a final r said as l
    ("chest_pain", "me aprieta el pcho desde hace rato"),
    ("shortness_of_breath", "me falta el aigre cuando subo la escalera"),
    ("anaphylaxis", "no puedo tragar ni la saliba"),
    ("unresponsive", "mi hijo no reacsiona cuando le hablo"),
    ("self_harm", "a veces me quiero matal"),
    # a chest locked shut; breath said short, or not caught in English
    ("chest_pain", "siento el pecho trancado"),
    ("shortness_of_breath", "tengo la respiración corta desde anoche"),
    ("shortness_of_breath", "no puedo catch my breath desde la mañana"),
    # a rash that broke out with a medicine, an injection being one; pale and then down; "la pálida"
    ("medication_reaction", "me brotó la cara con la medicina nueva"),
    ("medication_reaction", "me salieron granos por todo el cuerpo después de la inyección"),
    ("fainting", "me puse blanco y me caí"),
    ("fainting", "me dio la pálida y me fui al suelo"),
    # "como un ataque", the body shaken all over; not knowing the people around
    ("seizure", "me dio como un ataque, me sacudía toda"),
    ("unresponsive", "no me conoce, está perdido"),
    # regional words: the Caribbean "ahoguío", the colloquial "pata", a mouth "de ladito", speech gone
    ("shortness_of_breath", "tengo un ahoguío desde anoche"),
    ("blood_clot", "tengo la pata hinchada y caliente desde ayer"),
    ("blood_clot", "tengo la pierna como de elefante"),
    ("stroke", "la boca se le ve de ladito"),
    ("stroke", "se le fue el habla de repente"),
    # how one sits or lies explains a limb asleep only: breathless or chest pain lying down is a red flag
    ("shortness_of_breath", "me falta el aire cuando estoy acostada"),
    ("chest_pain", "me duele el pecho cuando estoy acostado"),
]

# A caregiver known to be speaking (the identity check): "el señor" / "la señora" is the person they care for.
CAREGIVER_WIDENED = [
    ("urinary_retention", "el señor no ha podido orinar desde la mañana"),
    ("cyanosis", "la señora tiene los labios morados desde hace rato"),
]

QUIET = [
    # asking when to worry is a question about what may come
    "¿cuándo me debo preocupar por la fiebre?",
    "¿cuándo hay que preocuparse por la pierna hinchada?",
    # drowning in paperwork, mail or trifles is a figure of speech
    "me estoy ahogando en tanto papeleo del hospital",
    "me estoy ahogando en correos del trabajo jaja",
    "me ahogo en un vaso de agua, así soy",
    # "Antes me ..." opening the sentence is what used to happen
    "Antes me ahogaba al caminar, desde la operación ando mejor",
    # "mi" naming a person ("de mi hija") is not the caller's own: the dog is someone else
    "el perro de mi hija se puso morado del frío",
]

# Look-alikes that were quiet before and must stay quiet after the widening: dust shaken off, an injection booked.
STILL_QUIET = [
    "me sacudí toda la ropa antes de entrar",
    "me toca la inyección mañana",
    # hoarse after the breathing tube is not speech gone; a dog's leg is someone else's
    "perdí la voz desde la operación",
    "el perro tiene la pata hinchada y caliente",
    "se me duerme la pierna cuando estoy mucho rato sentada",
]
