"""An autograding kit for a PyTorch course: release, sandboxed execution, statistical checks,
bulk grading and reports.

Keep this file free of imports: the hidden tests import ``autograder.checks`` and
``autograder.channel`` inside the Gradescope zip, where the rest of the package is not shipped.
"""
