"""studyapp: spaced-repetition drills for one deep-learning chapter, in the terminal."""

__version__ = "0.1.0"
