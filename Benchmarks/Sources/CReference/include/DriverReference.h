#ifndef POISSON_HYBRID_DRIVER_REFERENCE_H
#define POISSON_HYBRID_DRIVER_REFERENCE_H
/// `sweeps` plain Jacobi sweeps u_j <- (u_{j-1} + u_{j+1} + f_j)/2 (f = h^2 g) on a grid vector
/// of n points, ping-ponging between u and v as a C programmer would write the solve loop.
/// Returns the buffer holding the last iterate (u or v).
double *c_reference_plain_jacobi_sweeps(double *u, double *v, const double *f_h2, long n, long sweeps);
/// `sweeps` weighted Jacobi sweeps u_j <- u_j + w ((u_{j-1} + u_{j+1} + f_j)/2 - u_j).
double *c_reference_weighted_jacobi_sweeps(double *u, double *v, const double *f_h2, double weight, long n,
                                           long sweeps);
/// `sweeps` lexicographic Gauss-Seidel sweeps in place, u_j <- (u_{j-1} + u_{j+1} + f_j)/2, j = 1..n-2.
void c_reference_gauss_seidel_sweeps(double *u, const double *f_h2, long n, long sweeps);
#endif
