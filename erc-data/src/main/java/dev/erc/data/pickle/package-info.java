/**
 * Reading Python pickles with numpy arrays in pure Java, restricted to the globals feature files use:
 * {@link dev.erc.data.pickle.PickleFile}.
 */
package dev.erc.data.pickle;
