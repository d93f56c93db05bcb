package dev.align4j.rewards.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsLiteralTest {
  @Test
  void readsWhatTerserWrites() {
    JsonNode v = JsLiteral.parse("{a:1,\"b\":.5,'c':-.001,d:1e-3,e:!0,f:!1,g:null,h:void 0,i:[1,2,],"
        + "j:\"x\\\"y\\n\\u0041\\x42\",k:{},$l_2:-0,m:[[\"n\",0,0,{}]],o:'it\\'s',p:12345678901234,}");
    assertEquals("{\"a\":1,\"b\":0.5,\"c\":-0.001,\"d\":0.001,\"e\":true,\"f\":false,\"g\":null,\"h\":null,"
        + "\"i\":[1,2],\"j\":\"x\\\"y\\nAB\",\"k\":{},\"$l_2\":0,\"m\":[[\"n\",0,0,{}]],\"o\":\"it's\","
        + "\"p\":12345678901234}", v.toString());
    assertEquals(0.19357322992063036, JsLiteral.parse(".19357322992063036").asDouble(), 0.0,
        "the double JavaScript reads");
    assertEquals(" \t", JsLiteral.parse(" ' \\t' ").asText());
  }

  @Test
  void readsABrowserifyModulesExports() {
    String bundle = "!function(e){if(\"object\"==typeof exports)module.exports=e()}(function(){return function e(a,n,i)"
        + "{var r=n[_]={exports:{}};}({1:[function(e,a,n){a.exports={modelTopology:{keras_version:\"2.2.4\"},"
        + "weightsManifest:[{paths:[\"group1-shard1of1\"],weights:[]}]}},{}]},{},[1])(1)});";
    JsonNode v = NsfwjsModels.moduleExports(bundle);
    assertEquals("2.2.4", v.path("modelTopology").path("keras_version").asText());
    assertEquals("group1-shard1of1", v.path("weightsManifest").get(0).path("paths").get(0).asText());
    String shard = "!function(e){}(function(){return function e(a,n,i){}({1:[function(e,a,n){a.exports=\"AAEC/w==\"},"
        + "{}]},{},[1])(1)});";
    assertEquals("AAEC/w==", NsfwjsModels.moduleExports(shard).asText());
  }

  @Test
  void anythingElseIsAnErrorWithItsOffset() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("{a:b}"));
    assertEquals("JavaScript literal, offset 3: unexpected 'b' (near '{a:b}')", e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("[1 2]")).getMessage()
        .contains("expected ',' or ']'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("\"open")).getMessage()
        .contains("unterminated string"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> JsLiteral.parse("{} x")).getMessage()
        .contains("unexpected text after the literal"));
    assertThrows(IllegalArgumentException.class, () -> NsfwjsModels.moduleExports("module.exports={}"));
  }
}
