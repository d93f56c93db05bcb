/** Judging generated images: the shapes world's pixel checker over generations, and PNG sample grids. */
package dev.align4j.image.eval;
