"""What benchnb writes for people: escaping of untrusted text for Markdown, HTML, JSON in
a script element and CSV (:mod:`~benchnb.markup.escape`), numbers formatted per unit
(:mod:`~benchnb.markup.formatting`), Markdown tables (:mod:`~benchnb.markup.markdown`) and
spreadsheet-safe CSV files (:mod:`~benchnb.markup.csvfile`); every file written whole or
not at all (:mod:`~benchnb.markup.files`).

In: text and values from files, servers, models and the analysis. Out: strings safe for
their destination. Used by the report, the exports and the notebooks' displays.
"""
