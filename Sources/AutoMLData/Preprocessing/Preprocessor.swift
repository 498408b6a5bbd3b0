import AutoMLNumerics

/// The settings of a ``Preprocessor``.
public struct PreprocessorSettings: Sendable, Equatable, Codable {
    /// How numeric gaps are filled.
    public var numericImputation: Imputer.NumericStrategy
    /// Whether numeric columns are standardized (linear models, kNN, SVMs and MLPs need it;
    /// trees do not care).
    public var standardize: Bool
    /// Cap on indicator columns per categorical column.
    public var maximumCategories: Int

    public init(
        numericImputation: Imputer.NumericStrategy = .median, standardize: Bool = true,
        maximumCategories: Int = OneHotEncoder.defaultMaximumCategories
    ) {
        self.numericImputation = numericImputation
        self.standardize = standardize
        self.maximumCategories = maximumCategories
    }
}

/// A fitted chain imputation → one-hot encoding → standardization that turns a feature
/// ``Table`` into the numeric ``Matrix`` learners take. Serializable, so a trained pipeline
/// carries its own preprocessing.
public struct Preprocessor: Sendable, Equatable, Codable {
    /// The current serialization version.
    public static let formatVersion = 1

    public private(set) var version: Int
    public private(set) var settings: PreprocessorSettings
    public private(set) var imputer: Imputer
    public private(set) var encoder: OneHotEncoder
    public private(set) var standardizer: Standardizer?

    /// Fits every step on `features`.
    public static func fit(_ features: Table, settings: PreprocessorSettings = .init())
        throws(DataError) -> Preprocessor
    {
        let imputer = try Imputer.fit(features, numericStrategy: settings.numericImputation)
        let filled = imputer.transform(features)
        let encoder = try OneHotEncoder.fit(filled, maximumCategories: settings.maximumCategories)
        var standardizer: Standardizer? = nil
        if settings.standardize {
            standardizer = try Standardizer.fit(
                try encoder.transform(filled), selected: encoder.numericOutputs)
        }
        return Preprocessor(
            version: formatVersion, settings: settings, imputer: imputer, encoder: encoder,
            standardizer: standardizer)
    }

    /// Fits on `features` and returns the transformed training matrix as well.
    public static func fitTransform(_ features: Table, settings: PreprocessorSettings = .init())
        throws(DataError) -> (Preprocessor, Matrix)
    {
        let preprocessor = try fit(features, settings: settings)
        return (preprocessor, try preprocessor.transform(features))
    }

    /// The learner-ready matrix for `features`.
    public func transform(_ features: Table) throws(DataError) -> Matrix {
        var matrix = try encoder.transform(imputer.transform(features))
        if let standardizer { matrix = try standardizer.transform(matrix) }
        return matrix
    }

    /// The names of the matrix columns.
    public var outputNames: [String] { encoder.outputNames }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw DataError.unsupportedVersion(
                what: "Preprocessor", found: version, supported: Self.formatVersion)
        }
        self.version = version
        settings = try container.decode(PreprocessorSettings.self, forKey: .settings)
        imputer = try container.decode(Imputer.self, forKey: .imputer)
        encoder = try container.decode(OneHotEncoder.self, forKey: .encoder)
        standardizer = try container.decodeIfPresent(Standardizer.self, forKey: .standardizer)
        if let problem = fillProblem {
            throw DecodingError.dataCorruptedError(
                forKey: .imputer, in: container, debugDescription: problem)
        }
    }

    /// Why the imputer would leave a gap the encoder passes on, or `nil`: every column the
    /// encoder reads needs a fill of its kind (a number for a numeric column, a category for a
    /// categorical one), as ``fit(_:settings:)`` learns them; otherwise a missing value would
    /// reach the model as NaN.
    private var fillProblem: String? {
        guard encoder.columnNames.count == encoder.encodings.count else {
            return "the encoder has \(encoder.columnNames.count) column names for "
                + "\(encoder.encodings.count) encodings"
        }
        for (name, encoding) in zip(encoder.columnNames, encoder.encodings) {
            switch (encoding, imputer.fills[name]) {
            case (.passthrough, .number(let value)?) where value.isFinite: continue
            case (.oneHot, .category?): continue
            case (.passthrough, _):
                return "the imputer has no finite number to fill the numeric column '\(name)'"
            case (.oneHot, _):
                return "the imputer has no category to fill the categorical column '\(name)'"
            }
        }
        return nil
    }

    private init(
        version: Int, settings: PreprocessorSettings, imputer: Imputer, encoder: OneHotEncoder,
        standardizer: Standardizer?
    ) {
        self.version = version
        self.settings = settings
        self.imputer = imputer
        self.encoder = encoder
        self.standardizer = standardizer
    }
}
