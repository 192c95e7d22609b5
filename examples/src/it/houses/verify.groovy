// The user project compiled its model, trained it for an epoch and saved the weights; the
// trainer printed Dendrite's output only, and resolution fetched one ND4J native binary.
def log = new File(basedir, 'build.log').text
assert log.contains('Training Prices (4,801 parameters) on 80 samples: 1 epoch, batch 32, adam')
assert log =~ /test loss: \d+\.\d{4} - mae: \d+\.\d{4}/
assert new File(basedir, 'prices.weights.h5').length() > 0
['[main] ', 'org.nd4j', 'io.jhdf', 'SLF4J'].each { assert !log.contains(it) : it }
def binaries = []
new File(localRepositoryPath, 'org/nd4j/nd4j-native').eachFileRecurse {
  if (it.name ==~ /nd4j-native-.+-M[0-9.]+-.+\.jar/) {
    binaries << it.name
  }
}
assert binaries.size() == 1 : binaries
return true
