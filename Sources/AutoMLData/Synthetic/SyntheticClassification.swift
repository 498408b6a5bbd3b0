import AutoMLNumerics

/// Gaussian clusters on hypercube vertices, labelled by class (scikit-learn's
/// `make_classification` with `hypercube=True`, `shift=0`, `scale=1`, no repeated features).
///
/// ```swift
/// let data = try SyntheticClassification(.init(rowCount: 50_000, featureCount: 20, seed: 7))
///     .generate()
/// ```
///
/// The algorithm follows scikit-learn (Guyon 2003, the NIPS 2003 feature-selection benchmark):
/// 1. `classCount · clustersPerClass` distinct vertices of the `informativeCount`-dimensional
///    hypercube with coordinates ±`classSeparation` become cluster centres; cluster `j` belongs
///    to class `j mod classCount`, and rows are dealt to clusters as evenly as possible, so
///    classes are balanced within `clustersPerClass` rows.
/// 2. A row of cluster `j` is `z · Aⱼ + centreⱼ`, with `z` standard normal and `Aⱼ` a random
///    matrix with entries uniform in [−1, 1), which gives each cluster its own covariance.
/// 3. Redundant features are `informative · B`, `B` uniform in [−1, 1); the remaining features
///    are standard-normal noise.
/// 4. A share `labelNoise` of the rows gets a class drawn uniformly at random (it may equal the
///    true one, so about `labelNoise · (k − 1)/k` of labels actually change).
/// 5. Rows are shuffled. Unlike scikit-learn, columns are not: the informative features are
///    `f0…`, then come the redundant ones, then the noise.
///
/// Every stage draws from its own child stream of `seed`, so, for example, changing
/// `labelNoise` leaves the features unchanged and flips a superset of the rows flipped at a
/// lower noise. O(rowCount · featureCount · informativeCount).
public struct SyntheticClassification: Sendable {
    /// What to generate; defaults mirror `make_classification`.
    public struct Parameters: Sendable, Equatable, Codable {
        /// Number of rows (`n_samples`, default 100); at least `classCount`.
        public var rowCount: Int
        /// Number of feature columns (`n_features`, default 20).
        public var featureCount: Int
        /// Number of features that carry the class structure (`n_informative`, default 2).
        public var informativeCount: Int
        /// Number of linear combinations of the informative features (`n_redundant`,
        /// default 2).
        public var redundantCount: Int
        /// Number of classes (`n_classes`, default 2).
        public var classCount: Int
        /// Number of Gaussian clusters per class (`n_clusters_per_class`, default 2).
        public var clustersPerClass: Int
        /// Half the side of the hypercube the cluster centres sit on (`class_sep`, default 1);
        /// larger values make the task easier.
        public var classSeparation: Double
        /// Share of rows whose class is redrawn uniformly at random (`flip_y`, default 0.01).
        public var labelNoise: Double
        /// Seed of every random draw (`random_state`).
        public var seed: UInt64

        /// Parameters with `make_classification`'s defaults for everything not given.
        /// - Parameters:
        ///   - rowCount: Number of rows, ≥ `classCount`.
        ///   - featureCount: Number of feature columns, ≥ `informativeCount + redundantCount`.
        ///   - informativeCount: Informative features, ≥ 1, with
        ///     `classCount · clustersPerClass ≤ 2^informativeCount`.
        ///   - redundantCount: Redundant features, ≥ 0.
        ///   - classCount: Number of classes, ≥ 2.
        ///   - clustersPerClass: Clusters per class, ≥ 1.
        ///   - classSeparation: Cluster-centre scale, finite and ≥ 0.
        ///   - labelNoise: Share of rows relabelled at random, in [0, 1].
        ///   - seed: Seed of every random draw.
        public init(
            rowCount: Int = 100, featureCount: Int = 20, informativeCount: Int = 2,
            redundantCount: Int = 2, classCount: Int = 2, clustersPerClass: Int = 2,
            classSeparation: Double = 1, labelNoise: Double = 0.01, seed: UInt64
        ) {
            self.rowCount = rowCount
            self.featureCount = featureCount
            self.informativeCount = informativeCount
            self.redundantCount = redundantCount
            self.classCount = classCount
            self.clustersPerClass = clustersPerClass
            self.classSeparation = classSeparation
            self.labelNoise = labelNoise
            self.seed = seed
        }
    }

    /// What this generator produces.
    public var parameters: Parameters

    /// A generator for `parameters`; they are checked by ``generate()``.
    public init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// Draws the dataset.
    ///
    /// - Returns: `rowCount × featureCount` features named `f0…`, and class indices
    ///   `0..<classCount` as the target.
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` naming the first
    ///   parameter out of range; ``Parameters`` lists the ranges.
    public func generate() throws(DataError) -> SyntheticData {
        try validate()
        let p = parameters
        let (n, d, r) = (p.rowCount, p.informativeCount, p.redundantCount)
        let width = p.featureCount
        let clusterCount = p.classCount * p.clustersPerClass
        let root = RandomSource(seed: p.seed)
        var centreStream = root.child(0)
        var covarianceStream = root.child(1)
        var informativeStream = root.child(2)
        var redundancyStream = root.child(3)
        var noiseStream = root.child(4)
        var labelStream = root.child(5)
        var shuffleStream = root.child(6)

        let centres = hypercubeVertices(
            count: clusterCount, dimension: d, scale: p.classSeparation, random: &centreStream)
        let mixing = (0..<clusterCount).map { _ in
            uniformMatrix(rows: d, columns: d, random: &covarianceStream)
        }
        let redundancy = uniformMatrix(rows: d, columns: r, random: &redundancyStream)
        let destination = shuffleStream.permutation(n)  // row i is written to destination[i]

        var features = Matrix(rows: n, columns: width)
        var target = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: d)
        features.storage.withUnsafeMutableBufferPointer { x in
            var row = 0
            for cluster in 0..<clusterCount {
                let size = n / clusterCount + (cluster < n % clusterCount ? 1 : 0)
                let a = mixing[cluster].storage
                let b = redundancy.storage
                let centre = centres[cluster * d..<(cluster + 1) * d]
                for _ in 0..<size {
                    let base = destination[row] * width
                    // Informative: z · A + centre.
                    for i in 0..<d { z[i] = informativeStream.normal() }
                    for j in 0..<d {
                        var sum = centre[centre.startIndex + j]
                        for i in 0..<d { sum += z[i] * a[i * d + j] }
                        x[base + j] = sum
                    }
                    // Redundant: informative · B.
                    for j in 0..<r {
                        var sum = 0.0
                        for i in 0..<d { sum += x[base + i] * b[i * r + j] }
                        x[base + d + j] = sum
                    }
                    // Noise.
                    for j in (d + r)..<width { x[base + j] = noiseStream.normal() }
                    // Label, redrawn for a `labelNoise` share; both draws happen for every row
                    // so the flipped rows grow monotonically with `labelNoise`.
                    let flip = labelStream.uniform() < p.labelNoise
                    let randomClass = labelStream.integer(below: p.classCount)
                    target[destination[row]] = Double(flip ? randomClass : cluster % p.classCount)
                    row += 1
                }
            }
        }
        return SyntheticData(
            featureNames: SyntheticData.featureNames(count: width), features: features,
            target: target)
    }

    /// Checks every parameter, naming the first one out of range.
    private func validate() throws(DataError) {
        let p = parameters
        let name = "SyntheticClassification"
        try SyntheticData.check(p.classCount, atLeast: 2, parameter: "classCount", of: name)
        try SyntheticData.check(
            p.rowCount, atLeast: p.classCount, bound: "classCount", parameter: "rowCount", of: name)
        try SyntheticData.check(
            p.informativeCount, atLeast: 1, parameter: "informativeCount", of: name)
        try SyntheticData.check(p.redundantCount, atLeast: 0, parameter: "redundantCount", of: name)
        let (neededFeatures, tooMany) = p.informativeCount.addingReportingOverflow(p.redundantCount)
        guard !tooMany else {
            throw .invalidArgument(
                name: "\(name).informativeCount", value: "\(p.informativeCount)",
                expected: "small enough that informativeCount + redundantCount fits in an integer")
        }
        try SyntheticData.check(
            p.featureCount, atLeast: neededFeatures,
            bound: "informativeCount + redundantCount", parameter: "featureCount", of: name)
        try SyntheticData.check(
            p.clustersPerClass, atLeast: 1, parameter: "clustersPerClass", of: name)
        try SyntheticData.check(
            p.classSeparation, in: 0...(.greatestFiniteMagnitude), parameter: "classSeparation",
            of: name)
        try SyntheticData.check(p.labelNoise, in: 0...1, parameter: "labelNoise", of: name)
        // make_classification: n_classes · n_clusters_per_class ≤ 2^n_informative.
        let (clusters, overflow) = p.classCount.multipliedReportingOverflow(by: p.clustersPerClass)
        let vertexCount = p.informativeCount < Int.bitWidth - 1 ? 1 << p.informativeCount : .max
        guard !overflow, clusters <= vertexCount else {
            throw .invalidArgument(
                name: "\(name).clustersPerClass", value: "\(p.clustersPerClass)",
                expected: "small enough that classCount · clustersPerClass ≤ "
                    + "2^informativeCount (\(vertexCount)) distinct cluster centres exist; raise "
                    + "informativeCount or lower classCount or clustersPerClass")
        }
        // The table, one mixing matrix per cluster, the cluster centres and the redundancy map.
        try SyntheticData.checkSize(
            [
                [p.rowCount, p.featureCount], [clusters, p.informativeCount, p.informativeCount],
                [clusters, p.informativeCount], [p.informativeCount, p.redundantCount],
            ],
            parameters: "rowCount \(p.rowCount), featureCount \(p.featureCount), "
                + "informativeCount \(p.informativeCount)",
            of: name)
    }
}

/// `count` distinct vertices of the cube {−scale, +scale}^dimension, concatenated row by row
/// (scikit-learn's `_generate_hypercube`, by rejection of repeats). Callers ensure
/// `count ≤ 2^dimension`.
private func hypercubeVertices(
    count: Int, dimension: Int, scale: Double, random: inout RandomSource
) -> [Double] {
    var seen = Set<[Bool]>()
    var vertices = [Double]()
    vertices.reserveCapacity(count * dimension)
    var bits = [Bool](repeating: false, count: dimension)
    while seen.count < count {
        for i in 0..<dimension { bits[i] = random.next() & 1 == 1 }
        guard seen.insert(bits).inserted else { continue }
        vertices.append(contentsOf: bits.map { $0 ? scale : -scale })
    }
    return vertices
}

/// A `rows × columns` matrix with entries uniform in [−1, 1).
private func uniformMatrix(rows: Int, columns: Int, random: inout RandomSource) -> Matrix {
    var m = Matrix(rows: rows, columns: columns)
    for k in 0..<m.storage.count { m.storage[k] = random.uniform(-1, 1) }
    return m
}
