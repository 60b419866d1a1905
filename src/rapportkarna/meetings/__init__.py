"""Meetings as documents of the framework: kallelse, protokoll and minnesanteckningar, the
register of decisions and assignments that runs through the year, the date rules, and the
sammanträdesplan.

``forms``: which record a body keeps and how its items are numbered; ``register``: decisions
and assignments across meetings; ``rules``: the date rules; ``kinds``: agenda item kinds, core's
and plugins'; ``documents``: which documents a meeting has and what they are rendered with;
``calendar``: the sammanträdesplan as iCalendar.
"""
