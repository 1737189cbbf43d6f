/// Where layer `l`'s parameters live in a network's single parameter vector.
///
/// Layer `l` maps `inputWidth = d_{l−1}` inputs to `outputWidth = d_l` outputs. Its block is the
/// column-major `d_l × (d_{l−1} + 1)` matrix `[W_l | b_l]` starting at `offset`: weight
/// `W_l[j, i]` (from input `i` to output `j`, 0-based) is at `offset + j + i·d_l`, and bias
/// `b_l[j]` is the last column, at `offset + j + d_{l−1}·d_l`. Blocks follow each other in
/// layer order without gaps, so the vector has `Σ_l d_l (d_{l−1} + 1)` entries.
///
/// This layout lets one GEMM apply weights and bias together: `[W | b] · [a; 1] = W a + b`.
public struct LayerParameters: Sendable, Equatable, Hashable {
    /// `d_{l−1}`: inputs of the layer.
    public let inputWidth: Int
    /// `d_l`: outputs of the layer.
    public let outputWidth: Int
    /// Index of `W_l[0, 0]` in the parameter vector.
    public let offset: Int

    /// Number of parameters of the block, `d_l (d_{l−1} + 1)`.
    public var count: Int { outputWidth * (inputWidth + 1) }
    /// Index of weight `W_l[output, input]`.
    public func weightIndex(output: Int, input: Int) -> Int { offset + output + input * outputWidth }
    /// Index of bias `b_l[output]`.
    public func biasIndex(output: Int) -> Int { offset + output + inputWidth * outputWidth }

    /// The blocks of every layer `l = 1 … L+1` of `architecture`, in storage order.
    static func blocks(of architecture: NetworkArchitecture) -> [LayerParameters] {
        let d = architecture.layerWidths
        var offset = 0
        var result: [LayerParameters] = []
        for l in 1..<d.count {
            let block = LayerParameters(inputWidth: d[l - 1], outputWidth: d[l], offset: offset)
            result.append(block)
            offset += block.count
        }
        return result
    }
}
