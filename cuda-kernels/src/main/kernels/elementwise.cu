/*
 * Elementwise kernels: unary maths, binary ops with broadcasting, where, fill and strided copy.
 *
 * Strided views travel as a small int array `meta` (read-only, cached by the host per layout):
 *     meta = { rank, shape[0..rank), strides of operand 0 [0..rank), strides of operand 1, ... }
 * with rank <= MAX_RANK, element strides (0 broadcasts), row-major over shape. The host merges
 * dimensions that are contiguous in every operand first, so most calls arrive with rank 1 or 2.
 * Outputs of unary/binary/where are contiguous: linear index i is the output element.
 *
 * Launch (all kernels here): 1-D, any local size (FLAT_WG suggested); any number of groups on GPUs
 * (grid-stride, see FOR_EACH_ITEM), ceil(n / local) groups on CPU devices, except the *_strided kernels
 * there: one item per tile (see FOR_EACH_STRIDED).
 *
 * Op codes are the ordinals of org.jfsac.core.backend.UnaryOp / BinaryOp (a unit test checks the lists).
 * Compiled with -DFIXED_OP=k, the op argument is ignored and k is used: the switch folds to one case, which
 * lets CPU OpenCL compilers vectorise across work-items (the OpenCL backend does this on CPU devices).
 */
#include "portability.h"

#define UOP_NEG 0
#define UOP_EXP 1
#define UOP_LOG 2
#define UOP_SQRT 3
#define UOP_TANH 4
#define UOP_SIGMOID 5
#define UOP_GELU 6
#define UOP_QUICK_GELU 7
#define UOP_RELU 8
#define UOP_ABS 9
#define UOP_SIGN 10
#define UOP_ADD_SCALAR 11
#define UOP_MUL_SCALAR 12
#define UOP_POW_SCALAR 13
#define UOP_RDIV_SCALAR 14
#define UOP_RSUB_SCALAR 15
#define UOP_GT_SCALAR 16
#define UOP_IDENTITY 17

#define BOP_ADD 0
#define BOP_SUB 1
#define BOP_MUL 2
#define BOP_DIV 3
#define BOP_POW 4
#define BOP_MAX 5
#define BOP_MIN 6
#define BOP_GT 7
#define BOP_EQ 8
#define BOP_GELU_GRAD 9
#define BOP_QUICK_GELU_GRAD 10
#define BOP_TANH_GRAD 11
#define BOP_SIGMOID_GRAD 12
#define BOP_RELU_GRAD 13

#ifdef FIXED_OP
#define OP_OF(op) FIXED_OP
#else
#define OP_OF(op) (op)
#endif

#define SQRT1_2_F 0.70710678118654752f
#define INV_SQRT_2PI_F 0.39894228040143268f

DEVICE float sigmoidf_(float x) { return 1.0f / (1.0f + EXPF(-x)); }

/*
 * erfc(x) = t * exp(-x^2 + P(t)), t = 1/(1 + |x|/2) (Numerical Recipes' erfcc, Chebyshev fit): relative
 * error below 1.2e-7 everywhere, and one exp instead of a library erfc (PoCL's costs ~100 ns a call),
 * so GELU stays memory-bound and both dialects compute the same function.
 */
DEVICE float jf_erfc(float x) {
    float z = FABSF(x), t = 1.0f / (1.0f + 0.5f * z);
    float p = -0.82215223f + t * 0.17087277f;
    p = 1.48851587f + t * p;
    p = -1.13520398f + t * p;
    p = 0.27886807f + t * p;
    p = -0.18628806f + t * p;
    p = 0.09678418f + t * p;
    p = 0.37409196f + t * p;
    p = 1.00002368f + t * p;
    p = -1.26551223f + t * p;
    float r = t * EXPF(-z * z + p);
    return x >= 0.0f ? r : 2.0f - r;
}

/* Phi(x) through erfc: 0.5*(1+erf(x/sqrt2)) loses all digits for x < -3 in float, erfc keeps them. */
DEVICE float normal_cdf(float x) { return 0.5f * jf_erfc(-x * SQRT1_2_F); }

DEVICE float unary_apply(int op, float x, float p) {
    switch (op) {
        case UOP_NEG: return -x;
        case UOP_EXP: return EXPF(x);
        case UOP_LOG: return LOGF(x);
        case UOP_SQRT: return SQRTF(x);
        case UOP_TANH: return TANHF(x);
        case UOP_SIGMOID: return sigmoidf_(x);
        case UOP_GELU: return x * normal_cdf(x);
        case UOP_QUICK_GELU: return x * sigmoidf_(1.702f * x);
        case UOP_RELU: return x > 0.0f ? x : 0.0f;
        case UOP_ABS: return FABSF(x);
        case UOP_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x); /* keeps +-0 and NaN, like Math.signum */
        case UOP_ADD_SCALAR: return x + p;
        case UOP_MUL_SCALAR: return x * p;
        case UOP_POW_SCALAR: return POWF(x, p);
        case UOP_RDIV_SCALAR: return p / x;
        case UOP_RSUB_SCALAR: return p - x;
        case UOP_GT_SCALAR: return x > p ? 1.0f : 0.0f;
        default: return x; /* UOP_IDENTITY */
    }
}

DEVICE float binary_apply(int op, float a, float b) {
    switch (op) {
        case BOP_ADD: return a + b;
        case BOP_SUB: return a - b;
        case BOP_MUL: return a * b;
        case BOP_DIV: return a / b;
        case BOP_POW: return POWF(a, b);
        case BOP_MAX: return (ISNAN(a) || ISNAN(b)) ? F_NAN : (a >= b ? a : b); /* NaN-propagating, like Math.max */
        case BOP_MIN: return (ISNAN(a) || ISNAN(b)) ? F_NAN : (a <= b ? a : b);
        case BOP_GT: return a > b ? 1.0f : 0.0f;
        case BOP_EQ: return a == b ? 1.0f : 0.0f;
        case BOP_GELU_GRAD: return b * (normal_cdf(a) + a * INV_SQRT_2PI_F * EXPF(-0.5f * a * a));
        case BOP_QUICK_GELU_GRAD: {
            float s = sigmoidf_(1.702f * a);
            return b * (s + 1.702f * a * s * (1.0f - s));
        }
        case BOP_TANH_GRAD: return b * (1.0f - a * a);
        case BOP_SIGMOID_GRAD: return b * a * (1.0f - a);
        default: return a > 0.0f ? b : 0.0f; /* BOP_RELU_GRAD */
    }
}

/* Offsets of element i (row-major over meta's shape) in operands 0..nops-1 of meta. */
DEVICE void strided_offsets(CONSTANT int* meta, int nops, int i, int* off) {
    int rank = meta[0];
    for (int k = 0; k < nops; k++) off[k] = 0;
    for (int d = rank - 1; d >= 0; d--) {
        int extent = meta[1 + d];
        int c = i % extent;
        i /= extent;
        for (int k = 0; k < nops; k++) off[k] += c * meta[1 + rank * (k + 1) + d];
    }
}

/*
 * CPU devices walk a strided view in tiles: TILE_R rows (dimension rank-2, 1 for rank 1) by TILE_C columns
 * (dimension rank-1) of the merged layout per work-item. The index maths (div/mod over the outer dimensions)
 * runs once per tile instead of once per element, the column loop has no division (it vectorises when the
 * innermost strides are 1), and a transpose touches TILE_C pages per tile, each cache line TILE_R times,
 * instead of one page per element (the cache blocking a GPU gets from a local-memory tile).
 * The OpenCL host launches one item per tile (OpenClBackend.runStrided counts them the same way).
 */
#define TILE_R 32
#define TILE_C 32

#ifdef JF_CPU_DEVICE
#define MAX_OPS 3

typedef struct {
    int rows, cols;           /* extent of this tile */
    int lin;                  /* linear (row-major) index of the tile's first element */
    int rowLin;               /* linear step between the tile's rows */
    int base[MAX_OPS], rs[MAX_OPS], cs[MAX_OPS];
} StridedTile;

/* Fills tile t of meta's iteration space; returns its number of rows (0 when t is past the last tile). */
DEVICE int strided_tile(CONSTANT int* meta, int nops, int t, StridedTile* tl) {
    int rank = meta[0];
    int C = meta[rank], R = rank >= 2 ? meta[rank - 1] : 1;
    int ct = (C + TILE_C - 1) / TILE_C, rt = (R + TILE_R - 1) / TILE_R;
    int tc = t % ct;
    t /= ct;
    int tr = t % rt, o = t / rt;
    int outer = 1;
    for (int d = 0; d < rank - 2; d++) outer *= meta[1 + d];
    if (o >= outer) return 0;
    int r0 = tr * TILE_R, c0 = tc * TILE_C;
    tl->rows = R - r0 < TILE_R ? R - r0 : TILE_R;
    tl->cols = C - c0 < TILE_C ? C - c0 : TILE_C;
    tl->lin = (o * R + r0) * C + c0;
    tl->rowLin = C;
    for (int k = 0; k < nops; k++) {
        CONSTANT int* st = meta + 1 + rank * (k + 1);
        tl->cs[k] = st[rank - 1];
        tl->rs[k] = rank >= 2 ? st[rank - 2] : 0;
        tl->base[k] = r0 * tl->rs[k] + c0 * tl->cs[k];
    }
    for (int d = rank - 3; d >= 0; d--) { /* outer dimensions: once per tile */
        int extent = meta[1 + d], c = o % extent;
        o /= extent;
        for (int k = 0; k < nops; k++) tl->base[k] += c * meta[1 + rank * (k + 1) + d];
    }
    return tl->rows;
}

/* Element (r, c) of a tile: fills off[0..nops) and returns the linear index. */
DEVICE int tile_at(const StridedTile* tl, int nops, int r, int c, int* off) {
    for (int k = 0; k < nops; k++) off[k] = tl->base[k] + r * tl->rs[k] + c * tl->cs[k];
    return tl->lin + r * tl->rowLin + c;
}

/*
 * FOR_EACH_STRIDED(meta, nops, n, i, off) { body }: body for every element of meta's iteration space, with
 * i its linear index and off[k] its offset in operand k. GPUs: a grid-stride loop over n (coalesced; the
 * div/mod is cheap next to DRAM latency there). CPU devices: the tile of this work-item (see above).
 */
#define FOR_EACH_STRIDED(meta, nops, n, i, off)                                                            \
    StridedTile i##_tile;                                                                                  \
    int off[MAX_OPS];                                                                                      \
    int i##_rows = strided_tile(meta, nops, GLOBAL_ID(0), &i##_tile);                                      \
    for (int i##_r = 0; i##_r < i##_rows; i##_r++)                                                         \
        for (int i##_c = 0, i; i##_c < i##_tile.cols && ((i = tile_at(&i##_tile, nops, i##_r, i##_c, off)), 1); i##_c++)
#else
#define FOR_EACH_STRIDED(meta, nops, n, i, off)                                                            \
    int off[3];                                                                                            \
    FOR_EACH_ITEM(i, n) if ((strided_offsets(meta, nops, i, off)), 1)
#endif

/* Traffic: reads 4n bytes, writes 4n bytes (8n). */
KERNEL void unary_contig(int op, float p, int n,
                         const GLOBAL float* RESTRICT x, int xOff, GLOBAL float* RESTRICT out, int outOff) {
    FOR_EACH_ITEM(i, n) out[outOff + i] = unary_apply(OP_OF(op), x[xOff + i], p);
}

/* meta operands: x. Traffic: 8n bytes when x is a permutation (less when x broadcasts: cached re-reads). */
KERNEL void unary_strided(int op, float p, int n, CONSTANT int* meta,
                          const GLOBAL float* RESTRICT x, int xOff, GLOBAL float* RESTRICT out, int outOff) {
    FOR_EACH_STRIDED(meta, 1, n, i, off) out[outOff + i] = unary_apply(OP_OF(op), x[xOff + off[0]], p);
}

/* Traffic: reads 8n bytes, writes 4n bytes (12n). */
KERNEL void binary_contig(int op, int n, const GLOBAL float* RESTRICT a, int aOff, const GLOBAL float* RESTRICT b, int bOff,
                          GLOBAL float* RESTRICT out, int outOff) {
    FOR_EACH_ITEM(i, n) out[outOff + i] = binary_apply(OP_OF(op), a[aOff + i], b[bOff + i]);
}

/* meta operands: a, b. Traffic: at most 12n bytes; a broadcast operand (stride 0) is read once from DRAM. */
KERNEL void binary_strided(int op, int n, CONSTANT int* meta, const GLOBAL float* RESTRICT a, int aOff,
                           const GLOBAL float* RESTRICT b, int bOff, GLOBAL float* RESTRICT out, int outOff) {
    FOR_EACH_STRIDED(meta, 2, n, i, off) out[outOff + i] = binary_apply(OP_OF(op), a[aOff + off[0]], b[bOff + off[1]]);
}

/* out = cond != 0 ? a : b. meta operands: cond, a, b. Traffic: at most 16n bytes. */
KERNEL void where_strided(int n, CONSTANT int* meta, const GLOBAL float* RESTRICT cond, int cOff,
                          const GLOBAL float* RESTRICT a, int aOff, const GLOBAL float* RESTRICT b, int bOff,
                          GLOBAL float* RESTRICT out, int outOff) {
    FOR_EACH_STRIDED(meta, 3, n, i, off) out[outOff + i] = cond[cOff + off[0]] != 0.0f ? a[aOff + off[1]] : b[bOff + off[2]];
}

/* Traffic: writes 4n bytes. */
KERNEL void fill_contig(int n, float value, GLOBAL float* out, int outOff) {
    FOR_EACH_ITEM(i, n) out[outOff + i] = value;
}

/* meta operands: out. Traffic: writes 4n bytes (scattered when strided). */
KERNEL void fill_strided(int n, CONSTANT int* meta, float value, GLOBAL float* out, int outOff) {
    FOR_EACH_STRIDED(meta, 1, n, i, off) out[outOff + off[0]] = value;
}

/*
 * Permute/transpose/broadcast copy: dst[view] = src[view]. meta operands: src, dst. Traffic: reads 4n,
 * writes 4n bytes. A contiguous-to-contiguous copy never comes here (the host uses the API's buffer copy).
 */
KERNEL void copy_strided(int n, CONSTANT int* meta, const GLOBAL float* RESTRICT src, int srcOff,
                         GLOBAL float* RESTRICT dst, int dstOff) {
#ifdef JF_CPU_DEVICE
    /* Row pointers per tile row, and a separate loop for the usual unit-stride destination: that loop's
     * stores are contiguous and vectorise (through tile_at the compiler cannot see the stride is 1). */
    StridedTile t;
    int rows = strided_tile(meta, 2, GLOBAL_ID(0), &t);
    for (int r = 0; r < rows; r++) {
        const GLOBAL float* s = src + srcOff + t.base[0] + r * t.rs[0];
        GLOBAL float* d = dst + dstOff + t.base[1] + r * t.rs[1];
        int cs = t.cs[0], cd = t.cs[1];
        if (cd == 1) for (int c = 0; c < t.cols; c++) d[c] = s[c * cs];
        else for (int c = 0; c < t.cols; c++) d[c * cd] = s[c * cs];
    }
#else
    FOR_EACH_STRIDED(meta, 2, n, i, off) dst[dstOff + off[1]] = src[srcOff + off[0]];
#endif
}
