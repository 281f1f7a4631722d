"""Exports for learning platforms: QTI 1.2 and 2.1, Moodle XML, SCORM 1.2."""
