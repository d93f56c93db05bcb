package dev.align4j.rewards.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Weight decoding as TensorFlow.js's io.decodeWeights does it. */
class TfjsLayersModelTest {
  static JsonNode modelJson(String weights) {
    return JsLiteral.parse("{modelTopology:{model_config:{class_name:'Model',config:{layers:[]}}},"
        + "weightsManifest:[{paths:['a','b'],weights:" + weights + "}]}");
  }

  @Test
  void dequantisesLikeTensorFlowJs() {
    JsonNode json = modelJson("[{name:'q8',shape:[2,2],dtype:'float32',quantization:{dtype:'uint8',"
        + "min:-1.3658699895821367,scale:.018710547802495023}},"
        + "{name:'q16',shape:[2],dtype:'float32',quantization:{dtype:'uint16',min:-2,scale:.001}},"
        + "{name:'f16',shape:[5],dtype:'float32',quantization:{dtype:'float16'}},"
        + "{name:'f32',shape:[2],dtype:'float32'}]");
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 10 + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0).put((byte) 1).put((byte) 128).put((byte) 255);
    b.putShort((short) 0).putShort((short) 65535);
    for (int h : new int[] {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000}) b.putShort((short) h);
    b.putFloat(1.5f).putFloat(-0.25f);
    byte[] all = b.array();
    // the bytes split over the group's two files, concatenated in path order
    byte[] first = java.util.Arrays.copyOf(all, 5);
    byte[] second = java.util.Arrays.copyOfRange(all, 5, all.length);
    TfjsLayersModel m = TfjsLayersModel.read(json, p -> p.equals("a") ? first : second);
    double scale = 0.018710547802495023;
    double min = -1.3658699895821367;
    assertArrayEquals(new float[] {(float) min, (float) (scale + min), (float) (128 * scale + min),
        (float) (255 * scale + min)}, m.weight("q8").values(), 0f);
    assertArrayEquals(new int[] {2, 2}, m.weight("q8").shape());
    assertArrayEquals(new float[] {-2f, (float) (65535 * 0.001 - 2)}, m.weight("q16").values(), 0f);
    assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, -0f}, m.weight("f16").values(), 0f);
    assertArrayEquals(new float[] {1.5f, -0.25f}, m.weight("f32").values(), 0f);
    assertEquals(java.util.List.of("q8", "q16", "f16", "f32"), java.util.List.copyOf(m.weights().keySet()));
  }

  @Test
  void bytesMustCoverTheWeightsExactly() {
    JsonNode json = modelJson("[{name:'w',shape:[3],dtype:'float32'}]");
    assertEquals("w: needs 12 bytes, 8 left", assertThrows(IllegalArgumentException.class,
        () -> TfjsLayersModel.read(json, p -> new byte[4])).getMessage());
    assertEquals("model.json: 4 bytes left over after the weights of [\"a\",\"b\"]",
        assertThrows(IllegalArgumentException.class, () -> TfjsLayersModel.read(json, p -> new byte[8])).getMessage());
    JsonNode ints = modelJson("[{name:'i',shape:[1],dtype:'int32'}]");
    assertEquals("i: dtype int32 (only float32)", assertThrows(IllegalArgumentException.class,
        () -> TfjsLayersModel.read(ints, p -> new byte[2])).getMessage());
  }
}
