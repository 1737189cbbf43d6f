#ifndef POISSON_HYBRID_C_REFERENCE_H
#define POISSON_HYBRID_C_REFERENCE_H
/// One weighted-Jacobi sweep on a grid vector of n points (boundary included), written as the
/// plain C loop a numerical programmer would write: the speed reference for the Swift sweep.
void c_reference_jacobi_sweep(const double *u, double *out, const double *f_h2, double weight, long n);
#include "DriverReference.h"
#endif
