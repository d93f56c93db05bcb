/**
 * The image methods that are more than a loss, each a class named after it with its config section as a nested
 * {@code Config} record: {@link dev.align4j.image.method.Inpo} (latents by DDIM inversion),
 * {@link dev.align4j.image.method.Spo} and {@link dev.align4j.image.method.D3po} (the policy samples the pairs
 * while it trains, {@link dev.align4j.image.method.OnlineModality}); and {@link
 * dev.align4j.image.method.ImageMethods}, which registers every image method with
 * {@link dev.align4j.core.method.MethodRegistry}.
 */
package dev.align4j.image.method;
