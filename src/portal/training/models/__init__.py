"""ASP oktatás tables: catalogue, municipalities, people and plans, SCORM packages and attempts."""

from .catalog import Course, Subsystem
from .enrolment import Enrolment, Intake, Invitation, Learner, Notary, TrainingPlan
from .municipalities import Municipality, NotaryOffice
from .scorm import Attempt, Package, Sco, SharedData
from .sequencing import SequencingState, SequencingTree

__all__ = [
    "Attempt", "Course", "Enrolment", "Intake", "Invitation", "Learner", "Municipality", "Notary",
    "NotaryOffice", "Package", "Sco", "SequencingState", "SequencingTree", "SharedData", "Subsystem",
    "TrainingPlan",
]
