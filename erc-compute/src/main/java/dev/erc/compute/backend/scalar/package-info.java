/** The scalar reference backend: the oracle for kernel tests and the portable fallback. */
package dev.erc.compute.backend.scalar;
