"""An English red flag that was silent on main after round 11, found in review (in no evaluation file): a "what if"
question said before what already happened reached past it ("what if I faint again, I already fainted twice
today"), toes or fingers gone black raised nothing (skin damage), nor
the same question asked over and over (new confusion). No development row reads differently.
TIERS holds the look-alikes too.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

TIERS = [
    ("What if I pass out again, I already passed out once this morning", "emergent"),
    ("what if the fever comes back, it's already 102 tonight", "urgent"),
    ("so what if I get a temperature over the long weekend, who do I ring?", "none"),
    ("what if the wound opens up, I already asked the surgeon and she said it's fine", "none"),
    ("the tips of my toes have gone black since the cast went on", "urgent"),
    ("his little finger looks kind of black at the end", "urgent"),
    ("the side of her foot is black from the bruise, nothing else", "none"),
    ("he's not himself since the op, he keeps on asking the same question over and over", "emergent"),
    ("sorry, I know I keep asking the same thing over and over", "none"),
]
