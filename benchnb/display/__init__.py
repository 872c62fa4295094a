"""What the notebooks show: the run they display (:mod:`~benchnb.display.context`), its
tables (:mod:`~benchnb.display.tables`), the inventory's and the performance's figures
(:mod:`~benchnb.display.inventory_plots`, :mod:`~benchnb.display.performance_plots`) and
the report (:mod:`~benchnb.display.report_view`) and a comparison
(:mod:`~benchnb.display.compare_view`, notebook 04_compare).

In: a run's saved results (or the same computed in-process). Out: DataFrames, matplotlib
figures and Markdown for a notebook to display; nothing here computes a statistic.
"""
