"""The economy: budget follow-up, the statutory statements from the accounts, member fees.

One module an idea: ``budget_table`` (budget and utfall per kostnadsställe for each moment),
``project_table`` (budget, upparbetat and prognos per project),
``accounts`` (a moment's SIE file through the federation's account mapping), ``statements``
(resultaträkning, balansräkning, kassaflödesanalys with jämförelsetal), ``notes``,
``balanskrav``, ``overview`` (femårsöversikt), ``reconcile`` (the checks that tie them together),
``fees`` (member fees), ``charts``.
"""

from rapportkarna.economy.budget_table import BudgetTable, budget_table
from rapportkarna.economy.project_table import project_table

__all__ = ["BudgetTable", "budget_table", "project_table"]
