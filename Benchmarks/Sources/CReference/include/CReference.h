#ifndef POISSON_HYBRID_C_REFERENCE_H
#define POISSON_HYBRID_C_REFERENCE_H
// The speed references for the Swift kernels, written as the plain C loops a numerical
// programmer would write. Grid vectors have n points, boundary entries 0 and n-1 included;
// f_h2 is the scaled source h^2 g. Coarse vectors have nc points, fine ones 2(nc-1)+1.

/// One weighted-Jacobi sweep in the textbook form out_j = u_j + w (jacobi_j - u_j),
/// jacobi_j = (u_{j-1} + u_{j+1} + F_j)/2 (6 flops a point; the compiler fuses into FMAs).
/// u and out must not overlap.
void c_reference_jacobi_sweep(const double *u, double *out, const double *f_h2, double weight, long n);
/// The weighted-Jacobi sweep as the Swift kernel computes it: out_j = keep u_j +
/// neighbour (u_{j-1} + u_{j+1} + F_j), keep = 1 - w, neighbour = w/2 (5 flops a point).
void c_reference_weighted_jacobi_sweep(const double *u, double *out, const double *f_h2,
                                       double keep, double neighbour, long n);
/// The plain (w = 1) Jacobi sweep out_j = (u_{j-1} + u_{j+1} + F_j)/2 (3 flops a point).
void c_reference_plain_jacobi_sweep(const double *u, double *out, const double *f_h2, long n);
/// Lexicographic Gauss-Seidel in place, u_j <- (u_{j-1} + (u_{j+1} + F_j))/2, j = 1 ... n-2.
void c_reference_gauss_seidel_sweep(double *u, const double *f_h2, long n);
/// Red-black Gauss-Seidel in place: odd points, then even interior points.
void c_reference_red_black_sweep(double *u, const double *f_h2, long n);
/// Full weighting F^c_i = r_{2i-1} + 2 r_{2i} + r_{2i+1}, i = 1 ... nc-2; boundary entries 0.
void c_reference_restrict_full_weighting(const double *fine, double *coarse, long nc);
/// The residual R_j = F_j - (2u_j - u_{j-1} - u_{j+1}) restricted by full weighting in one
/// pass, each of the three residuals computed where it is needed (the odd ones twice).
void c_reference_restrict_residual(const double *u, const double *f_h2, double *coarse, long nc);
/// Linear interpolation of a coarse correction added in place to the fine vector.
void c_reference_interpolate_correct(const double *coarse, double *fine, long nc);
/// The same correction written to out (out = u + P e); out overlaps neither u nor coarse.
void c_reference_interpolate_correct_into(const double *coarse, const double *u, double *out, long nc);
/// Cubic interpolation of a coarse solution onto the fine grid (nc >= 4).
void c_reference_interpolate_cubic(const double *coarse, double *fine, long nc);
#include "DriverReference.h"
#endif
