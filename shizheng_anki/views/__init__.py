"""Views: what the learner sees of the notes without Anki. They read notes (and facts), never the
other way round.

- :mod:`.render`: a card's two sides as Anki renders them;
- :mod:`.preview`: the ``--preview`` page of every card;
- :mod:`.table`: the ``--dry-run`` table;
- :mod:`.report`: the ``--stats`` frequency report.
"""
