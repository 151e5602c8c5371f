/**
 * The backend SPI: {@link dev.erc.compute.backend.Backend} lists the kernels, providers register through
 * {@link java.util.ServiceLoader}, and {@link dev.erc.compute.backend.Backends} picks one by rank or by the
 * {@code erc.backend} system property.
 */
package dev.erc.compute.backend;
