import Foundation

/// Maps family names to model types so a ``Pipeline`` can decode whichever model it holds.
/// Each learner family registers its model type here.
public enum ModelRegistry {
    /// Every model type this build can read.
    public static let modelTypes: [any Model.Type] = [
        ConstantModel.self, LinearModel.self, KNearestNeighborsModel.self, GaussianNaiveBayesModel.self,
        MultilayerPerceptronModel.self, DecisionTreeModel.self, RandomForestModel.self, ExtraTreesModel.self,
        GradientBoostingModel.self, SVMModel.self, LinearSVMModel.self, AdaBoostModel.self,
    ]

    /// The model type for `familyName`.
    public static func modelType(named familyName: String) -> (any Model.Type)? {
        modelTypes.first { $0.familyName == familyName }
    }
}
