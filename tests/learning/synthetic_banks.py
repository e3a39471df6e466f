"""Small banks in Moodle's formats for what the shared files do not show.

Mostly the examples of Moodle's GIFT documentation (docs.moodle.org "GIFT format"): partial
credit, mixed weights, several answers of a numeric question, wildcards, a catch-all, and
Moodle XML's ``usecase``, negative fractions and numeric answer lists.
"""

GIFT_WEIGHTS = """\
// Mixed weights: Moodle reads the unweighted ~ as 0%.
::Grant's tomb::Who's buried in Grant's tomb?{
   ~No one
   ~%50%Grant
   ~%50%Grant's wife
   ~Grant's father
}

::Several right::Which ones are seasons?{=spring =summer ~easter ~%50%autumn#half right}

::Weighted wrong::Which is best?{=right#yes ~%50%half#close ~%-50%bad#costs ~none}

::Primes::Which are primes?{~%50%2#yes ~%50%3 ~%-100%4#no, 2x2 ~%-100%9 ####2 and 3.}

::All weighted::Pick the even ones{~%50%2 ~%50%4 ~%0%5}

::Misspelled::Jesus Christ was from {
   =Nazareth#Yes! That's right!
   =%75%Nazereth#Right, but misspelled.
   =%25%Bethlehem#He was born here, but not raised here.
}.

::Wildcards::Name a colour ending in "ue".{=*ue#Right =%0%*#Completely wrong}

::Stars::Type a star\\: {=a\\*b#literal star =%50%a*#starts with a}

::Spaces::Two words, please.{=New York =%50%new*york}
"""

GIFT_NUMERIC = """\
::Born::When was Ulysses S. Grant born?{#
   =1822:0#Right
   =%50%1822:2#Close
   ~#Wrong year
}

::Range::What is a number from 1 to 5? {#1..5}

::Pi::What is pi to two places?{#3.14:0.005}

::First wins::Order matters{#=%50%10:5#near =10:0#exact}

::Negative::Below zero{#-5..-1#in range}
"""

XML_BANK = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Synthetic</text></category></question>
  <question type="shortanswer">
    <name><text>SQL keyword</text></name>
    <questiontext format="html"><text>Which keyword reads rows?</text></questiontext>
    <usecase>1</usecase>
    <answer fraction="100"><text>SELECT</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="50"><text>SEL*</text><feedback><text>Nearly.</text></feedback></answer>
    <answer fraction="0"><text>*</text><feedback><text>No.</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>Capital</text></name>
    <questiontext><text>Capital of France?</text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100"><text>Paris</text></answer>
    <answer fraction="0"><text>Lyon</text><feedback><text>Second city.</text></feedback></answer>
  </question>
  <question type="numerical">
    <name><text>Speed</text></name>
    <questiontext format="markdown"><text>How fast, in m/s?</text></questiontext>
    <answer fraction="100"><text>12.5</text><tolerance>0.5</tolerance>
      <feedback><text>Right.</text></feedback></answer>
    <answer fraction="50"><text>12.5</text><tolerance>2</tolerance>
      <feedback><text>Close.</text></feedback></answer>
    <answer fraction="10"><text>*</text><feedback><text>A number.</text></feedback></answer>
  </question>
  <question type="multichoice">
    <name><text>Penalty</text></name>
    <questiontext><text>Pick one</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>good</text><feedback><text>Good.</text></feedback></answer>
    <answer fraction="33.33333"><text>meh</text></answer>
    <answer fraction="-33.33333"><text>bad</text><feedback><text>Ouch.</text></feedback></answer>
  </question>
  <question type="multichoice">
    <name><text>Thirds</text></name>
    <questiontext><text>Pick the three</text></questiontext>
    <single>0</single>
    <answer fraction="33.33333"><text>a</text></answer>
    <answer fraction="33.33333"><text>b</text></answer>
    <answer fraction="33.33333"><text>c</text></answer>
    <answer fraction="-100"><text>d</text><feedback><text>Not d.</text></feedback></answer>
  </question>
  <question type="truefalse">
    <name><text>Sky</text></name>
    <questiontext><text>The sky is green.</text></questiontext>
    <answer fraction="0"><text>true</text><feedback><text>Look up.</text></feedback></answer>
    <answer fraction="100"><text>false</text><feedback><text>Indeed.</text></feedback></answer>
  </question>
</quiz>
"""

SYNTHETIC = {
    "weights.gift": GIFT_WEIGHTS,
    "numeric.gift": GIFT_NUMERIC,
    "moodle.xml": XML_BANK,
}
