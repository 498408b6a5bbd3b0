import AutoMLStudy

/// The samplers by name, as the command line, stored studies and benchmarks name them.
///
/// Adding a sampler is one line in ``entries``.
public enum SamplerCatalog {
    /// One sampler: its name, a one-line summary, and how to make one from a seed.
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        public var make: @Sendable (_ seed: UInt64) -> any Sampler

        public init(
            _ name: String, summary: String,
            make: @escaping @Sendable (_ seed: UInt64) -> any Sampler
        ) {
            self.name = name
            self.summary = summary
            self.make = make
        }
    }

    /// Every sampler, in the order benchmarks report them.
    public static let entries: [Entry] = [
        Entry("random", summary: "independent uniform draws (log-uniform for log parameters)") {
            RandomSampler(seed: $0)
        },
        Entry(
            "sobol", summary: "scrambled Sobol points (space-filling; random above 40 parameters)"
        ) { SobolSampler(seed: $0) },
        Entry(
            "gp",
            summary:
                "Gaussian-process Bayesian optimization (Matérn ARD, 5/2 and 3/2 in turn; log expected improvement)"
        ) { GPSampler(seed: $0) },
        Entry("gp-matern52", summary: "the same with the Matérn-5/2 kernel throughout") {
            GPSampler(seed: $0, kernels: .matern52)
        },
        Entry("gp-matern32", summary: "the same with the Matérn-3/2 kernel throughout") {
            GPSampler(seed: $0, kernels: .matern32)
        },
    ]

    /// The sampler `automl tune` (both objective kinds), `automl ask` and the ensemble search
    /// use when none is named: the GP sampler (Bayesian optimization).
    public static let defaultName = "gp"

    /// The sampler that a study's stored `settings` describe (seed 0 when none was stored).
    /// - Throws: ``OptimizerError/unknownSampler(name:available:)`` for a name this build does
    ///   not have.
    public static func sampler(_ settings: SamplerSettings) throws(OptimizerError) -> any Sampler {
        try make(name: settings.name, seed: settings.seed ?? 0)
    }

    /// The names of ``entries``.
    public static var names: [String] { entries.map(\.name) }

    /// The sampler called `name`, seeded with `seed`.
    /// - Throws: ``OptimizerError/unknownSampler(name:available:)`` for a name not in ``entries``.
    public static func make(name: String, seed: UInt64) throws(OptimizerError) -> any Sampler {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw .unknownSampler(name: name, available: names)
        }
        return entry.make(seed)
    }
}
