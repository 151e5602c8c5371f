/** Reading and writing model parameters: the documented {@link dev.erc.model.io.ParameterFile} format. */
package dev.erc.model.io;
