import AutoML
