"""Spanish concepts widened in the fourth tuning round (after holdout_fresh6 became development data and the
fresh7 batch, both written by engineers who never saw the rules), each tested with phrasings written afresh
for this file (in no evaluation file), and look-alikes that must stay quiet: where a denial, the past, a
question or someone else stops reaching, idioms, joy as the cause, a bruise with a warm pink hand beyond it.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_OR_HIGHER = [
    # a denial ends at "y me / y se" ...
    ("wound_opening", "no tengo calentura y se me abrió un pedazo de la herida"),
    # ... and the past at a symptom said in the present
    ("chest_pain", "hace dos años me quitaron la vesícula y me duele el pecho desde la mañana"),
    # a relative tied to the procedure by "al que le operaron"
    ("chest_pain", "mi papá, al que le operaron la cadera, siente una presión fuerte en el pecho"),
    # misspellings read by sound: a final l for r, i for y, b for v, "e" for "he"
    ("chest_pain", "tengo un dolol bien fuelte aquí en el pecho"),
    ("wound_infection", "tiene unas raias coloradas que suben de la erida"),
    ("self_harm", "a beses e pensado en quitarme la bida"),
    ("constipation", "no e ido al baño a hacer del dos en toda la semana"),
    # English temperature words in a Spanish turn
    ("fever", "mi hijo que operaron tiene one hundred two de fiebre"),
    ("mild_fever", "el termómetro marca ninety nine point nine"),
    # a tenth said after "y", in digits or words
    ("fever", "la niña amaneció con 38 y 7"),
    ("mild_fever", "me tomé la temperatura y tengo treinta y siete y seis"),
    # chills said "calosfríos"
    ("fever", "me están dando unos calosfríos horribles con calentura"),
    # a real person of the clinic asked to call back
    ("nurse_request", "quiero que alguien de la clínica me devuelva la llamada mañana"),
    # stabbing chest pain said as a knife
    ("chest_pain", "es como una puñalada en medio del pecho"),
    ("chest_pain", "es como si alguien me estuviera exprimiendo el pecho con las manos"),
    ("chest_pain", "lo siento como una estaca metida en el pecho"),
    # fainting: everything went dark and then the floor
    ("fainting", "se me hizo todo negro y cuando abrí los ojos estaba tirada junto a la cama"),
    # the body locked before the jerking
    ("seizure", "se le engarrotó todo el cuerpo y luego empezó a sacudirse"),
    # a throat that keeps growing shut
    ("anaphylaxis", "desde la pastilla nueva la lengua se está haciendo más grande"),
    # wound red spreading, or hard and hot
    ("wound_infection", "lo rojo de la cortada avanza cada día más"),
    ("wound_infection", "alrededor de los puntos está caliente y dura"),
    # chills in any form of temblar de frío
    ("fever", "anoche tiemblo y tiemblo de frío aunque me tapo con dos cobijas"),
    # taken against the number written
    ("medication_overdose", "me tomé tres tabletas, no una como dice la etiqueta"),
    # constipation counted in weeks; a real person asked for
    ("constipation", "no hago del dos desde hace dos semanas"),
    ("constipation", "ya tengo cinco días que no evacuo"),
    ("nurse_request", "me comunica con una persona, no con la grabación"),
    # a non-native speaker's infinitives ("yo no poder", "no hacer popó", "yo caer en piso ... despertar")
    ("shortness_of_breath", "yo no poder respirar, siento pecho cerrado"),
    ("constipation", "yo no hacer popó desde el lunes"),
    ("fainting", "yo caer al suelo en cocina y después despertar con mi hija"),
    ("medication_overdose", "yo tomar muchas tabletas, más que la receta dice"),
    # the back of the knee is the calf's; a leg big and hot
    ("blood_clot", "tengo hinchado y duro atrás de la rodilla"),
    ("blood_clot", "la pierna operada está gruesa y caliente"),
    # "no" said twice answers the question; the complaint follows
    ("uncontrolled_pain", "no, no, el dolor está insoportable desde anoche"),
    # a fear about now is a doubt, and fires
    ("chest_pain", "tengo miedo de que sea el corazón, siento una opresión en el pecho"),
    # only drops, and bleeding that will not stop, are not denials after "y no"
    ("urinary_retention", "me siento en el inodoro y no sale nada, nomás unas gotitas"),
    ("bleeding_uncontrolled", "le sangra la herida a chorros y no se le para con la gasa"),
    # every pill thought of as a way out
    ("self_harm", "a veces pienso que mejor me trago todas mis pastillas y ya"),
]

QUIET = [
    # the past, a question and someone else reach past "y me / y se"
    "de joven trabajaba en la mina y me ahogaba con el polvo",
    "¿y si me caigo y se me abre la herida, qué hago?",
    "mi cuñado tiene epilepsia y se puso a convulsionar en la fiesta",
    # someone else named after the symptom
    "la que tiene calentura y escalofríos es la niña de mi vecina, no yo",
    "el que anda con el pecho apretado es mi tío, el de la casa de enfrente",
    # the patient said to be well
    "la que tiene calentura soy yo, mi esposo el operado está bien",
    # denied after it
    "coágulos en la pierna no, nada de eso",
    # joy, a bill, being swamped
    "la nena se puso morada de tanto reírse con el perro",
    "me quedé sin aire de la emoción cuando me dieron de alta",
    "casi me da un infarto cuando me llegó la factura del hospital",
    "me desmayo si me dicen cuánto cuesta la resonancia",
    "ando ahogada en pendientes desde que salí del hospital",
    "me muero de ganas de comerme unos tacos",
    "le dio un ataque de hipo después de comer",
    # days without going to pass water is not the bowels
    "llevo días que no voy al baño a orinar tranquila porque me arde, ¿es normal?",
    # a fainting word or a blister explained by a bill or new shoes; a colour by what was played with;
    # a person, not the pain, who will not let one rest
    "casi me da el patatús cuando me dijeron el precio de la cirugía",
    "me salieron ampollas en los talones por los tenis nuevos",
    "el niño trae la boca azul de comer el raspado",
    "mi suegra no me deja descansar con tanta visita",
    "me exprimí unos barros en el pecho y me quedó rojito",
    "no, no, no tengo calentura ni escalofríos",
    # hardware put in at the operation is not a stabbing pain
    "me pusieron clavos y una varilla en la pierna, del pecho todo bien",
    # the schedule, not a double dose; a count of days, not a tenth; a wound that does not smell
    "me tomo la pastilla del dolor dos veces al día como me dijeron",
    "tengo 38 y 2 días con la venda puesta",
    "la herida tiene costrita y no huele a nada",
    # "y no" denies what follows it
    "ando caminando mucho y no me duele la pantorrilla",
    "la pierna va mejor y no está hinchada",
    "ya me siento bien y no me falta el aire para nada",
    # a fear of what may come
    "me da miedo que me vaya a dar una trombosis por estar acostada",
    # a leg asleep from sitting in the car
    "se me durmió el pie por estar sentado tanto rato en el camión",
    # a fall, not "gone"; deprivation, not a denial
    "el vaso se fue al piso y se rompió",
    # a year gone by
    "la neumonía fue en el 2017, desde la operación respiro bien",
    # a bruise with the hand beyond it warm and pink
    "donde me pusieron el suero está morado, pero la mano calientita y rosada",
    # slight redness, both legs from the drip, breasts
    "los puntos están rojitos nomás en la orilla",
    "tengo los tobillos y las piernas hinchadas parejo por los sueros, ya van bajando",
    "me duelen los pechos porque ya me bajó la leche",
    # an antibiotic course, not a way out
    "pienso que mejor me tomo todas las pastillas del antibiótico aunque ya me sienta bien",
    # "no, respiro bien" answers no
    "no, no, respiro bien, es la garganta la que me duele",
]
