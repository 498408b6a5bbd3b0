import AutoMLSearchSpace

/// The JSON Schema of a production profile (draft 2020-12), the same text as
/// docs/profile.schema.json (a test keeps the two identical), and its validator.
public enum ProfileSchema {
    /// The schema's text.
    public static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://automl.example/profile.schema.json",
          "title": "automl production profile",
          "type": "object",
          "required": ["version", "profile", "rule", "pipeline", "metrics", "dataset", "seed", "study", "automl_version"],
          "additionalProperties": false,
          "properties": {
            "version": {"type": "integer", "minimum": 1},
            "profile": {"enum": ["high_performance", "fast_inference", "memory_efficient", "balanced"]},
            "rule": {
              "type": "object",
              "required": ["name", "description", "tolerance", "tolerance_source"],
              "additionalProperties": false,
              "properties": {
                "name": {"enum": ["high_performance", "fast_inference", "memory_efficient", "balanced"]},
                "description": {"type": "string", "minLength": 1},
                "tolerance": {"type": "number", "minimum": 0},
                "tolerance_source": {"enum": ["one_standard_error", "given"]}
              }
            },
            "pipeline": {
              "type": "object",
              "required": ["kind"],
              "additionalProperties": false,
              "properties": {
                "kind": {"enum": ["single", "ensemble"]},
                "model": {"$ref": "#/$defs/model"},
                "ensemble": {
                  "type": "object",
                  "required": ["strategy", "summary", "members", "weights", "combiner"],
                  "additionalProperties": false,
                  "properties": {
                    "strategy": {"type": "string", "minLength": 1},
                    "summary": {"type": "string"},
                    "members": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/model"}},
                    "weights": {"type": "array", "minItems": 1, "items": {"type": "number", "minimum": 0}},
                    "combiner": {"type": "object"},
                    "trial": {"type": "integer", "minimum": 0}
                  }
                }
              },
              "oneOf": [
                {"properties": {"kind": {"const": "single"}}, "required": ["model"]},
                {"properties": {"kind": {"const": "ensemble"}}, "required": ["ensemble"]}
              ]
            },
            "metrics": {
              "type": "object",
              "required": ["score", "metric", "latency_p50_seconds", "latency_p99_seconds", "throughput_rows_per_second", "model_bytes", "peak_memory_bytes", "fit_seconds"],
              "additionalProperties": false,
              "properties": {
                "score": {"type": "number"},
                "score_std": {"type": "number", "minimum": 0},
                "metric": {"enum": ["accuracy", "balanced_accuracy", "f1_macro", "log_loss", "roc_auc", "rmse", "mae", "r2"]},
                "latency_p50_seconds": {"type": "number", "minimum": 0},
                "latency_p99_seconds": {"type": "number", "minimum": 0},
                "throughput_rows_per_second": {"type": "number", "minimum": 0},
                "model_bytes": {"type": "integer", "minimum": 1},
                "peak_memory_bytes": {"type": "number", "minimum": 0},
                "fit_seconds": {"type": "number", "minimum": 0}
              }
            },
            "dataset": {
              "type": "object",
              "required": ["columns", "target", "task", "rows", "content_hash"],
              "additionalProperties": false,
              "properties": {
                "columns": {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "type": "object",
                    "required": ["name", "type"],
                    "additionalProperties": false,
                    "properties": {
                      "name": {"type": "string", "minLength": 1},
                      "type": {"enum": ["numeric", "categorical"]},
                      "categories": {"type": "array", "items": {"type": "string"}}
                    }
                  }
                },
                "target": {"type": "string", "minLength": 1},
                "task": {"enum": ["classification", "regression"]},
                "classes": {"type": "array", "items": {"type": "string"}},
                "rows": {"type": "integer", "minimum": 1},
                "content_hash": {"type": "string", "pattern": "^fnv1a64:[0-9a-f]{16}$"}
              }
            },
            "seed": {"type": "integer", "minimum": 0},
            "study": {
              "type": "object",
              "required": ["name", "storage", "candidate", "trial"],
              "additionalProperties": false,
              "properties": {
                "name": {"type": "string", "minLength": 1},
                "storage": {"type": "string"},
                "candidate": {"enum": ["model", "ensemble"]},
                "trial": {"type": "integer", "minimum": 0}
              }
            },
            "automl_version": {"type": "string", "minLength": 1}
          },
          "$defs": {
            "model": {
              "type": "object",
              "required": ["learner", "hyperparameters", "preprocessing"],
              "additionalProperties": false,
              "properties": {
                "learner": {"enum": ["constant", "logistic_regression", "linear_regression", "ridge", "lasso", "elastic_net", "knn", "gaussian_nb", "mlp", "decision_tree", "random_forest", "extra_trees", "gradient_boosting", "svm", "linear_svm", "adaboost"]},
                "hyperparameters": {"type": "object"},
                "preprocessing": {
                  "type": "object",
                  "required": ["numeric_imputation", "standardize", "maximum_categories"],
                  "additionalProperties": false,
                  "properties": {
                    "numeric_imputation": {"enum": ["median", "mean"]},
                    "standardize": {"type": "boolean"},
                    "maximum_categories": {"type": "integer", "minimum": 1}
                  }
                },
                "trial": {"type": "integer", "minimum": 0}
              }
            }
          }
        }
        """#

    /// The validator of ``text``.
    static let validator: JSONSchemaValidator = {
        do {
            return JSONSchemaValidator(
                schema: try JSONDocumentReader.read(text, file: "profile.schema.json"))
        } catch {
            preconditionFailure("the built-in profile schema is valid JSON: \(error)")
        }
    }()
}
