"""Spanish false alarms quieted in the ninth tuning round (the answers1 batch of everyday answers to the call's
questions, then fresh15 and fresh14, all written by engineers who never saw the rules): a laxative or a catheter that
already worked, medicine taken as prescribed and tolerated, a bad pain of before rated mild now, a pain taken back as a
joke, the surgical drain emptied or giving the thin pink fluid it is meant to, numb fingers denied, "nada morado", a
limb asleep from sitting cross-legged, a relative's own fever. Each line is written afresh for this file (in no
evaluation file); TIERS holds the same words with the red flag really there, which must still fire.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

QUIET_BECAUSE = [
    # the laxative (or stewed prunes) that already worked, said after the constipation with its "pero"
    ("the laxative worked", "se me trabó el estómago con las pastillas, pero me tomé el laxante y ya fui."),
    ("went this morning without trouble", "anteayer andaba estreñida pero hoy temprano ya fui al baño sin problema"),
    ("managed to go after the prunes", "tuve estreñimiento, pero comí ciruelas pasas y ya pude evacuar"),
    ("went at last", "estaba estreñido desde el sábado, pero con el supositorio por fin fui"),
    # passing water again after a catheter or on its own
    ("peeing normally again", "ayer en la mañana no podía orinar pero ya hago pipí normal"),
    ("the catheter relieved it", "el domingo no podía hacer pipí, pero me pusieron una sonda y ya orino bien"),
    # medicine taken as prescribed and tolerated: no overdose, no pain out of control
    ("a schedule said in English", "le estoy dando el amoxicillin twice a day como dice la receta"),
    ("tolerated, no complaint", "le doy sus pastillas a sus horas y no se ha quejado de nada"),
    ("tolerated, it agrees with me", "me tomo la cefalexina cada ocho horas y no me ha caído pesada"),
    # the bad pain of before, rated mild now
    ("was a nine, now a two", "anoche el dolor era un nueve, pero hoy ya anda en un dos"),
    ("with the pill a four now", "al principio el dolor estaba horrible, pero ya con el tylenol está en un cuatro"),
    # a figure of speech taken back as a joke
    ("a joke, then a mild rating", "este dolor me va a matar... nah, es broma, anda en un dos"),
    # the surgical drain: emptied, measured, thin pink fluid, taken out
    ("the drain emptied and measured", "vacié la bolsa del drenaje en la mañana y apunté cuánto salió"),
    ("thin pink fluid, as expected", "por el drenaje sale poquito líquido rosa, clarito, como nos explicaron"),
    ("the drain taken out", "ayer me sacaron el drenaje y me pusieron una gasita"),
    # numb fingers denied, and "nada" said right before the colour
    ("numb fingers denied", "no siento los dedos entumidos para nada con el yeso"),
    ("nothing blue", "tiene la carita rosada, nada azul, está comiendo bien"),
    # a limb asleep from how one sits, gone on standing
    ("asleep from sitting cross-legged", "se me duerme el pie con las piernas cruzadas y al levantarme se me pasa"),
    ("asleep from sitting long", "se me adormece la pierna cuando me siento un buen rato en la silla"),
    # a relative's fever, the caller setting themself apart; a relative named in English
    ("the sister's own operation", "a mi hermana cuando la operaron le dio calentura, pero a mí nada"),
    ("the mother named in English has the fever", "mi mom es la que anda con calentura, yo ando bien"),
]

TIERS = [
    # the same words with the red flag really there still fire
    ("llevo cinco días estreñida y el laxante no me ha hecho nada", "routine"),
    ("llevo cuatro días estreñida, ya fui al baño a intentar y no pude obrar", "routine"),
    ("no he podido hacer pipí desde anoche y tengo la panza dura", "urgent"),
    ("me tomé la pastilla del dolor dos veces por error", "urgent"),
    ("le di doble dosis del jarabe sin querer", "urgent"),
    ("me tomo la pastilla y no me hace nada, el dolor está en un nueve", "urgent"),
    ("el dolor era un tres pero ahora el dolor está en un nueve", "urgent"),
    ("el dolor me está matando y no es broma, no se me quita con nada", "urgent"),
    ("del drenaje sale un líquido verde y espeso", "urgent"),
    ("el drenaje huele bien feo desde ayer", "urgent"),
    ("el drenaje está sacando pus", "urgent"),
    ("no siento los dedos del pie desde que me pusieron el yeso", "urgent"),
    ("tengo los dedos dormidos y fríos con la venda", "urgent"),
    ("tiene los labios azules y respira raro", "emergent"),
    ("tengo calentura de 39 desde anoche", "urgent"),
]
