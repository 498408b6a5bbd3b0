import AutoMLNumerics
import Foundation

/// A fitted binary decision tree in flat contiguous arrays: no node objects, so prediction is
/// a tight loop over one array and the JSON form is a few base64 strings.
///
/// Layout (12 bytes per node):
/// - `features[i]`: the split feature of node `i`, or `-1` for a leaf.
/// - `thresholds[i]`: rows with `Float(x[feature]) <= threshold` go left (scikit-learn compares
///   `float32` features the same way). Unused (0) for leaves.
/// - `children[i]`: for a split node, the index of its left child; the right child is always
///   the next node (`children[i] + 1`), since the builder allocates the two together. For a
///   leaf, the row of `leafValues` holding its prediction.
///
/// `leafValues` is row-major with `valueWidth` entries per row: class probabilities
/// (`valueWidth` = class count) or one mean (`valueWidth` = 1). For classification, rows
/// `0..<classCount` are the one-hot vectors, shared by every pure leaf, so a fully grown
/// classification tree stores hardly any leaf values of its own.
///
/// Invariants (checked when decoding): every child index of a split node is greater than the
/// node's own index and `children[i] + 1 < nodeCount`, so traversal always ends; every leaf
/// row and split feature is in range.
struct FlatTree: Sendable, Equatable {
    var features: [Int32]
    var thresholds: [Float]
    var children: [Int32]
    var leafValues: [Double]
    var valueWidth: Int

    /// Number of nodes (splits and leaves).
    var nodeCount: Int { features.count }
    /// Number of leaves.
    var leafCount: Int { features.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    /// Bytes held by the node and leaf arrays.
    var parameterBytes: Int {
        nodeCount * (MemoryLayout<Int32>.size * 2 + MemoryLayout<Float>.size)
            + leafValues.count * MemoryLayout<Double>.size
    }

    /// Depth of the deepest leaf (0 for a single leaf). O(nodeCount).
    var depth: Int {
        guard nodeCount > 0 else { return 0 }
        var depths = [Int](repeating: 0, count: nodeCount)
        var deepest = 0
        for node in 0..<nodeCount {
            deepest = max(deepest, depths[node])
            if features[node] >= 0 {
                let left = Int(children[node])
                depths[left] = depths[node] + 1
                depths[left + 1] = depths[node] + 1
            }
        }
        return deepest
    }
}

extension FlatTree {
    /// The `leafValues` row reached by the row at `row` (`featureCount` contiguous `Float`s).
    @inline(__always)
    func leafRow(
        _ row: UnsafePointer<Float>, features: UnsafePointer<Int32>,
        thresholds: UnsafePointer<Float>,
        children: UnsafePointer<Int32>
    ) -> Int {
        var node = 0
        var feature = features[0]
        while feature >= 0 {
            let left = Int(children[node])
            node = row[Int(feature)] <= thresholds[node] ? left : left + 1
            feature = features[node]
        }
        return Int(children[node])
    }

    /// Calls `body(row, leafRow)` for each of the `rowCount` rows of `rows` (row-major,
    /// `featureCount` floats each).
    @inline(__always)
    func forEachLeaf(
        rows: UnsafePointer<Float>, rowCount: Int, featureCount: Int, _ body: (Int, Int) -> Void
    ) {
        features.withUnsafeBufferPointer { f in
            thresholds.withUnsafeBufferPointer { t in
                children.withUnsafeBufferPointer { c in
                    guard let fp = f.baseAddress, let tp = t.baseAddress, let cp = c.baseAddress
                    else { return }
                    for r in 0..<rowCount {
                        body(
                            r,
                            leafRow(
                                rows + r * featureCount, features: fp, thresholds: tp, children: cp)
                        )
                    }
                }
            }
        }
    }

    /// Adds `scale` times each row's leaf values to `output` (row-major, `valueWidth` per row).
    func accumulate(
        rows: UnsafePointer<Float>, rowCount: Int, featureCount: Int, scale: Double,
        into output: UnsafeMutablePointer<Double>
    ) {
        let width = valueWidth
        leafValues.withUnsafeBufferPointer { values in
            guard let vp = values.baseAddress else { return }
            forEachLeaf(rows: rows, rowCount: rowCount, featureCount: featureCount) { r, leaf in
                let source = vp + leaf * width
                let target = output + r * width
                for k in 0..<width { target[k] += scale * source[k] }
            }
        }
    }
}

// MARK: - Codable

extension FlatTree: Codable {
    private enum CodingKeys: String, CodingKey {
        case features, thresholds, children, leafValues, valueWidth
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let width = try container.decode(Int.self, forKey: .valueWidth)
        let features = try PackedArrays.decodeInt32(
            container.decode(String.self, forKey: .features))
        let thresholds = try PackedArrays.decodeFloat(
            container.decode(String.self, forKey: .thresholds))
        let children = try PackedArrays.decodeInt32(
            container.decode(String.self, forKey: .children))
        let leafValues = try PackedArrays.decodeDouble(
            container.decode(String.self, forKey: .leafValues))
        guard let features, let thresholds, let children, let leafValues else {
            // Name the array that failed, not always the first.
            let failed: CodingKeys =
                features == nil
                ? .features
                : thresholds == nil ? .thresholds : children == nil ? .children : .leafValues
            throw DecodingError.dataCorruptedError(
                forKey: failed, in: container,
                debugDescription: "a tree array is not valid base64 of 4/8-byte values")
        }
        let tree = FlatTree(
            features: features, thresholds: thresholds, children: children, leafValues: leafValues,
            valueWidth: width)
        if let problem = tree.structuralProblem() {
            throw DecodingError.dataCorruptedError(
                forKey: .children, in: container, debugDescription: problem)
        }
        self = tree
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valueWidth, forKey: .valueWidth)
        try container.encode(PackedArrays.encode(features), forKey: .features)
        try container.encode(PackedArrays.encode(thresholds), forKey: .thresholds)
        try container.encode(PackedArrays.encode(children), forKey: .children)
        try container.encode(PackedArrays.encode(leafValues), forKey: .leafValues)
    }

    /// Why the arrays do not form a tree predictions can walk safely, or `nil` when they do.
    /// `featureCount` bounds the split features when given.
    func structuralProblem(featureCount: Int? = nil) -> String? {
        let n = nodeCount
        guard n > 0 else { return "the tree has no nodes" }
        guard valueWidth >= 1 else { return "valueWidth must be ≥ 1" }
        guard thresholds.count == n, children.count == n else {
            return "node arrays of different lengths"
        }
        guard leafValues.count % valueWidth == 0 else { return "leaf values are not whole rows" }
        let leafRows = leafValues.count / valueWidth
        for node in 0..<n {
            let child = Int(children[node])
            if features[node] >= 0 {
                if let featureCount, Int(features[node]) >= featureCount {
                    return "node \(node) splits on feature \(features[node]) of \(featureCount)"
                }
                guard child > node, child + 1 < n else {
                    return "node \(node) has child \(child) out of order"
                }
                guard !thresholds[node].isNaN else { return "node \(node) has a NaN threshold" }
            } else {
                guard features[node] == -1, child >= 0, child < leafRows else {
                    return "leaf \(node) points to leaf row \(child) of \(leafRows)"
                }
            }
        }
        return nil
    }
}
