/**
 * The PMF-ERC model and its building blocks: {@code nn} (layers), {@code optim} (optimisers), {@code io}
 * (parameter files). The model itself (PMF, MFF, MAL) comes with the model issue.
 */
package dev.erc.model;
