package dev.dendrite;

/** JSON fragments that several layers' {@link KerasLayer#fixed()} share, as Keras 3 writes them. */
final class KerasJson {
  /** Glorot-uniform kernel, zero bias, no regularizers or constraints. */
  static final String WEIGHTS = "\"kernel_initializer\": {\"module\": \"keras.initializers\", "
      + "\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}, "
      + "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", "
      + "\"config\": {}}, \"kernel_regularizer\": null, \"bias_regularizer\": null, "
      + "\"activity_regularizer\": null, \"kernel_constraint\": null, \"bias_constraint\": null";
  /** Ones gamma, zeros beta, no regularizers or constraints: the normalization layers'. */
  static final String NORMALIZATION_WEIGHTS = "\"beta_initializer\": {\"module\": "
      + "\"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}}, "
      + "\"gamma_initializer\": {\"module\": \"keras.initializers\", \"class_name\": "
      + "\"Ones\", \"config\": {}}, \"beta_regularizer\": null, \"gamma_regularizer\": null, "
      + "\"beta_constraint\": null, \"gamma_constraint\": null";
  /**
   * A recurrent layer's weights and the options Dendrite does not model: Glorot-uniform kernel,
   * orthogonal recurrent kernel, zero bias, no regularizers, constraints or dropout, one
   * direction, no state kept or returned.
   */
  static final String RECURRENT = "\"kernel_initializer\": {\"module\": \"keras.initializers\", "
      + "\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}, "
      + "\"recurrent_initializer\": {\"module\": \"keras.initializers\", "
      + "\"class_name\": \"Orthogonal\", \"config\": {\"gain\": 1.0, \"seed\": null}}, "
      + "\"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", "
      + "\"config\": {}}, \"kernel_regularizer\": null, \"recurrent_regularizer\": null, "
      + "\"bias_regularizer\": null, \"activity_regularizer\": null, \"kernel_constraint\": null, "
      + "\"recurrent_constraint\": null, \"bias_constraint\": null, \"dropout\": 0.0, "
      + "\"recurrent_dropout\": 0.0, \"seed\": null, \"return_state\": false, "
      + "\"go_backwards\": false, \"stateful\": false, \"unroll\": false, "
      + "\"zero_output_for_mask\": false";
  /** Channels last, the only layout Dendrite has. */
  static final String CHANNELS_LAST = "\"data_format\": \"channels_last\"";

  private KerasJson() {}
}
