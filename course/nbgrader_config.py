"""nbgrader configuration of the pvkit course.

This folder is the course root. Source notebooks live in ../exercises (one
folder per assignment); nbgrader writes release/, submitted/, autograded/,
feedback/ and gradebook.db here. None of those is ever committed.

Use the ``pvkit`` command (build, autograde, feedback, export, status); it reads
this file. Plain ``nbgrader`` commands run from this folder work too.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "pvkit"
c.CourseDirectory.root = HERE
c.CourseDirectory.source_directory = os.path.join("..", "exercises")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

# The exchange students fetch from and submit to (`pvkit release/collect/
# release-feedback`): a folder every user can write (mode 1777) on the hub.
# PVKIT_EXCHANGE or `pvkit --exchange PATH` points elsewhere (e.g. a test folder).
c.Exchange.root = os.environ.get("PVKIT_EXCHANGE", "/srv/nbgrader/exchange")

# Per-cell limit when autograding; `pvkit autograde --timeout S` overrides it.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

# A deleted test cell is put back (and run) rather than silently skipped.
c.OverwriteCells.add_missing_cells = True

# pvkit's Execute is nbgrader's, plus a new kernel when one dies at start (a port
# taken by another kernel starting at the same moment); c.Execute still sets it up.
# Static tamper check on the student's own cells, after execution and before
# the grades are saved, so a flagged notebook can earn no autograded marks.
c.Autograde.autograde_preprocessors = [
    "pvkit.grading.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "pvkit.grading.preprocessors.FlagTampering",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback keeps scores and failure messages, never the hidden test code.
c.GenerateFeedback.preprocessors = [
    "pvkit.grading.preprocessors.HideHiddenTests",
    "pvkit.grading.preprocessors.NameParts",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# The course's feedback page (templates/feedback): each graded cell named by its
# part ("Part 1 — ..."), a score table, and the notebook's tables with rules.
# nbgrader always asks for the template named "feedback"; this folder comes first,
# so it replaces nbgrader's own. nbgrader's template folder stays on the list: the
# formgrader draws submissions with its "formgrade" template from there (without
# it the formgrader does not load). A copy of the course without templates/ gets
# nbgrader's feedback page.
if os.path.isdir(os.path.join(HERE, "templates", "feedback")):
    import nbgrader

    c.HTMLExporter.extra_template_basedirs = [
        os.path.join(HERE, "templates"),
        os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader",
                     "templates"),
    ]

# The kernel's own console logging (e.g. its transport warning) would interleave
# with pvkit's progress lines; what a cell prints is still captured in the notebook.
c.Execute.extra_arguments = [
    "--HistoryManager.hist_file=:memory:",
    "--IPKernelApp.log_level=CRITICAL",
]
