import AutoMLData
import AutoMLNumerics

/// A multilayer perceptron trained with Adam on mini-batches (scikit-learn's `MLPClassifier` /
/// `MLPRegressor` with `solver="adam"`).
///
/// One to three fully connected hidden layers with a ReLU, tanh or logistic activation, then a
/// softmax output with cross-entropy loss (classification with three or more classes), a
/// single logistic unit with binary cross-entropy (two classes, as scikit-learn does) or an
/// identity output with half squared error (regression). The loss adds α/2 · ‖W‖² over the
/// weight matrices (not the biases), divided by the batch's weight sum.
///
/// Training (see ``MLPTrainer``), as scikit-learn does it:
/// - Glorot-uniform initialization: weights and biases of a layer uniform in ±√(6 / (fan_in +
///   fan_out)), √2 instead of √6 for the logistic activation (Glorot & Bengio 2010).
/// - Epochs over shuffled mini-batches; every batch runs forward and backward through BLAS
///   `dgemm` on preallocated batch matrices and takes one Adam step (Kingma & Ba 2015,
///   Algorithm 1 with the bias correction folded into the step size).
/// - Stopping: after `epochs_without_improvement` + 1 consecutive epochs whose training loss
///   did not fall by `tolerance` below the best so far, or — with `early_stopping` — whose
///   score on a held-out `validation_fraction` (stratified for classification) did not rise
///   by `tolerance` above the best; the parameters of the best validation score are kept.
///
/// Deviation from scikit-learn: with `standardize_target` (the default) a regression target is
/// standardized before training and predictions are mapped back. scikit-learn trains on the raw
/// target, which on targets of large scale (diabetes: RMSE 108.9 against 54.5 for a linear
/// model) does not converge in 200 epochs. Set it to `false` for scikit-learn's behaviour.
///
/// Sample weights scale each row's loss and gradient, the loss being a weighted mean.
public struct MultilayerPerceptron: Learner {
    /// The hidden layers' activation function (scikit-learn `activation`).
    public enum Activation: String, Codable, Sendable, CaseIterable {
        /// max(0, z).
        case relu
        /// tanh(z).
        case tanh
        /// 1 / (1 + e^−z).
        case logistic
    }

    public static let familyName = "mlp"
    /// The largest number of hidden layers accepted.
    public static let maximumHiddenLayerCount = 3
    public static let rules: [HyperparameterRule] = [
        .real("alpha", atLeast: 0),
        .integer("batch_size", atLeast: 1),
        .real("learning_rate", above: 0),
        .real("beta1", atLeast: 0, below: 1),
        .real("beta2", atLeast: 0, below: 1),
        .real("epsilon", above: 0),
        .integer("max_epochs", atLeast: 1),
        .real("tolerance", atLeast: 0),
        .integer("epochs_without_improvement", atLeast: 1),
        .real("validation_fraction", above: 0, below: 1),
    ]
    public let hyperparameters: Hyperparameters

    /// A learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for a value
    ///   outside its rule, or `hidden_layer_sizes` that is not 1 to 3 sizes each ≥ 1.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        let sizes = hyperparameters.hiddenLayerSizes
        guard (1...Self.maximumHiddenLayerCount).contains(sizes.count),
            sizes.allSatisfy({ $0 >= 1 })
        else {
            throw .invalidHyperparameter(
                learner: Self.familyName, name: "hidden_layer_sizes",
                expected: "1 to \(Self.maximumHiddenLayerCount) layer sizes, each an integer ≥ 1",
                got: "\(sizes)")
        }
        self.hyperparameters = hyperparameters
    }

    /// Trains the network. Deterministic for a given `seed` (initialization, shuffling and the
    /// early-stopping split each take a child stream of it).
    ///
    /// Cost: O(epochs · n · Σ fan_in · fan_out) floating-point work, memory O(parameters +
    /// batch · widest layer).
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data, or
    ///   with early stopping a validation part of fewer than 2 rows.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError)
        -> MultilayerPerceptronModel
    {
        try data.validate(for: Self.familyName)
        return try MLPTrainer(hyperparameters: hyperparameters, seed: seed).train(data)
    }
}
