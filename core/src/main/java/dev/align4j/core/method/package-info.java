/**
 * Named methods: what a method is (name, modality, paper, config section and defaults, the losses it uses) and
 * the registry that finds every modality's methods through {@link java.util.ServiceLoader}, so that neither core
 * nor the command line names any of them.
 */
package dev.align4j.core.method;
