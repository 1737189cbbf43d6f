// Plain C loops, compiled -O3 -march=native: the speed references for the Swift kernels in
// ClassicalSolvers (StencilKernels). Each computes the same values in the same order of
// operations as its Swift counterpart unless its comment says otherwise, so a benchmark pair
// compares code generation, not algebra. None checks finiteness (the Swift kernels do).
#include "CReference.h"

void c_reference_jacobi_sweep(const double *restrict u, double *restrict out, const double *restrict f_h2,
                              double weight, long n) {
    out[0] = u[0];
    out[n - 1] = u[n - 1];
    for (long j = 1; j < n - 1; ++j) {
        double jacobi = 0.5 * (u[j - 1] + u[j + 1] + f_h2[j]);
        out[j] = u[j] + weight * (jacobi - u[j]);
    }
}

void c_reference_weighted_jacobi_sweep(const double *restrict u, double *restrict out, const double *restrict f_h2,
                                       double keep, double neighbour, long n) {
    out[0] = u[0];
    out[n - 1] = u[n - 1];
    for (long j = 1; j < n - 1; ++j)
        out[j] = keep * u[j] + neighbour * (u[j - 1] + u[j + 1] + f_h2[j]);
}

void c_reference_plain_jacobi_sweep(const double *restrict u, double *restrict out, const double *restrict f_h2,
                                    long n) {
    out[0] = u[0];
    out[n - 1] = u[n - 1];
    for (long j = 1; j < n - 1; ++j)
        out[j] = 0.5 * (u[j - 1] + u[j + 1] + f_h2[j]);
}

void c_reference_gauss_seidel_sweep(double *u, const double *f_h2, long n) {
    for (long j = 1; j < n - 1; ++j)
        u[j] = 0.5 * (u[j - 1] + (u[j + 1] + f_h2[j]));
}

void c_reference_red_black_sweep(double *u, const double *f_h2, long n) {
    for (long j = 1; j < n - 1; j += 2)
        u[j] = 0.5 * (u[j - 1] + u[j + 1] + f_h2[j]);
    for (long j = 2; j < n - 1; j += 2)
        u[j] = 0.5 * (u[j - 1] + u[j + 1] + f_h2[j]);
}

void c_reference_restrict_full_weighting(const double *restrict fine, double *restrict coarse, long nc) {
    coarse[0] = 0;
    coarse[nc - 1] = 0;
    for (long i = 1; i < nc - 1; ++i)
        coarse[i] = fine[2 * i - 1] + 2 * fine[2 * i] + fine[2 * i + 1];
}

void c_reference_restrict_residual(const double *restrict u, const double *restrict f_h2, double *restrict coarse,
                                   long nc) {
    coarse[0] = 0;
    coarse[nc - 1] = 0;
    for (long i = 1; i < nc - 1; ++i) {
        long j = 2 * i;
        double left = f_h2[j - 1] - (2 * u[j - 1] - u[j - 2] - u[j]);
        double centre = f_h2[j] - (2 * u[j] - u[j - 1] - u[j + 1]);
        double right = f_h2[j + 1] - (2 * u[j + 1] - u[j] - u[j + 2]);
        coarse[i] = left + 2 * centre + right;
    }
}

void c_reference_interpolate_correct(const double *restrict coarse, double *restrict fine, long nc) {
    fine[1] += 0.5 * (coarse[0] + coarse[1]);
    for (long i = 1; i < nc - 1; ++i) {
        fine[2 * i] += coarse[i];
        fine[2 * i + 1] += 0.5 * (coarse[i] + coarse[i + 1]);
    }
}

void c_reference_interpolate_correct_into(const double *restrict coarse, const double *restrict u,
                                          double *restrict out, long nc) {
    long last = 2 * (nc - 1);
    out[0] = u[0];
    out[last] = u[last];
    out[1] = u[1] + 0.5 * (coarse[0] + coarse[1]);
    for (long i = 1; i < nc - 1; ++i) {
        out[2 * i] = u[2 * i] + coarse[i];
        out[2 * i + 1] = u[2 * i + 1] + 0.5 * (coarse[i] + coarse[i + 1]);
    }
}

void c_reference_interpolate_cubic(const double *restrict coarse, double *restrict fine, long nc) {
    const double sixteenth = 1.0 / 16;
    long last = nc - 1;
    fine[1] = (5 * coarse[0] + 15 * coarse[1] - 5 * coarse[2] + coarse[3]) * sixteenth;
    for (long i = 1; i < nc - 2; ++i) {
        fine[2 * i] = coarse[i];
        fine[2 * i + 1] = (9 * (coarse[i] + coarse[i + 1]) - (coarse[i - 1] + coarse[i + 2])) * sixteenth;
    }
    fine[2 * last - 2] = coarse[last - 1];
    fine[2 * last - 1] = (5 * coarse[last] + 15 * coarse[last - 1] - 5 * coarse[last - 2] + coarse[last - 3]) * sixteenth;
}
